from documents.models.circulation import Circulation, DeliveryStep, Reading
from documents.models.delivery import Delivery, DeliveryState
from documents.models.document import Attachment, Countersign, Document, Recipient
from documents.models.numbering import IssuedNumber, NumberSequence
from documents.models.trail import ApprovalStep

__all__ = ["Circulation", "DeliveryState", "DeliveryStep", "Reading", "Attachment", "ApprovalStep", "Countersign", "Delivery", "Document", "IssuedNumber", "NumberSequence", "Recipient"]
