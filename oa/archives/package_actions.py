"""The ledger actions of archive packages and transfers (archives.package.*, archives.transfer.*), registered
with oa/audit/actions.py when oa.archives' models load (models_package imports the permissions, which
import this)."""

from oa.archives.transfer_permissions import TRANSFER_FLOW
from oa.audit.actions import add, group, workflow

group("archives", "档案归档")
PACKAGE_BUILT = add("archives.package.built", "封装归档包")
PACKAGE_CHECKED = add("archives.package.checked", "四性检测")
workflow(TRANSFER_FLOW.name, TRANSFER_FLOW.labels)  # archives.transfer.receive / .reject
TRANSFER_SEND = add("archives.transfer.send", "移交档案局")
TRANSFER_DENIED = add("archives.transfer.denied", "无权移交或接收")
TRANSFER_RECEIPT = add("archives.transfer.receipt", "下载移交清单/接收回执")
