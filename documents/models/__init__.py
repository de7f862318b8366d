from documents.incoming.models import Circulation, Delivery, DeliveryState, DeliveryStep, Reading
from documents.models.document import Attachment, Countersign, Document, Recipient
from documents.models.numbering import IssuedNumber, NumberSequence
from documents.models.trail import ApprovalStep

__all__ = ["Circulation", "DeliveryState", "DeliveryStep", "Reading", "Attachment", "ApprovalStep", "Countersign", "Delivery", "Document", "IssuedNumber", "NumberSequence", "Recipient"]
