from documents.incoming.models import (
    Assist,
    Circulation,
    Delivery,
    DeliveryScan,
    DeliveryState,
    DeliveryStep,
    Handling,
    LeaderTurn,
    Reading,
    TurnKind,
)
from documents.models.document import Attachment, Countersign, Document, JointIssuer, Recipient
from documents.models.numbering import IssuedNumber, NumberSequence
from documents.models.sealed import SealedPdf
from documents.models.signing import SigningAuthority
from documents.models.trail import ApprovalStep

__all__ = ["Assist", "DeliveryScan", "Handling", "LeaderTurn", "TurnKind", "Circulation", "DeliveryState", "DeliveryStep", "Reading", "Attachment", "ApprovalStep", "Countersign", "Delivery", "Document", "IssuedNumber", "JointIssuer", "NumberSequence", "Recipient", "SealedPdf", "SigningAuthority"]
