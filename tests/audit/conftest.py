import pytest

from oa.audit.actions import registry


@pytest.fixture(autouse=True)
def test_actions():
    """The chain tests write throw-away actions (test.event0 … test.event59, test.race): registered for
    the test only, since ledger_record refuses a code nobody registered."""
    with registry.scratch():
        registry.group("test", "测试")
        for i in range(60):
            registry.add(f"test.event{i}", f"测试事件 {i}")
        registry.add("test.race", "并发写入")
        yield
