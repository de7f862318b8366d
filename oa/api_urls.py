"""/api/: the versioned JSON API and its OpenAPI schema."""

from django.urls import path

from documents import api as documents_api
from documents import api_seals as seals_api
from documents import api_signing as signing_api
from documents.incoming import api as deliveries_api
from notices import api as notices_api
from oa.archives import api as archives_api
from oa.archives import package_api_urls as archives_package_api_urls
from oa.audit import api as audit_api
from oa.core.schema import DocsView, SchemaView
from oa.feedback import api as feedback_api
from oa.org import api as org_api
from oa.org import api_phrases as org_api_phrases
from oa.org import api_series as org_api_series
from oa.org import api_tokens as org_api_tokens
from oa.orgimport import api as org_api_import
from oa.trial.api import outages as trial_outages_api
from oa.trial.api import paper as trial_paper_api
from oa.trial.api import people as trial_people_api
from oa.trial.api import programme as trial_programme_api
from oa.trial.api import reports as trial_reports_api
from oa.uploads import api as uploads_api
from oa.usage import api as usage_api
from oa.usage import circular_api

v1 = [
    path("archives/pending/", archives_api.Pending.as_view(), name="api-archives-pending"),
    path("archives/file/", archives_api.File.as_view(), name="api-archives-file"),
    path("archives/catalogues/", archives_api.Catalogues.as_view(), name="api-archives-catalogues"),
    path("archives/catalogues/<int:year>/<str:retention>/", archives_api.CatalogueDetail.as_view(),
         name="api-archives-catalogue"),
    path("archives/items/<int:pk>/", archives_api.ItemDetail.as_view(), name="api-archives-item"),
    path("archives/items/<int:pk>/retention/", archives_api.ItemRetention.as_view(), name="api-archives-retention"),
    path("me/", org_api.MeView.as_view(), name="api-me"),
    path("me/sign-pin/", org_api.SignPinView.as_view(), name="api-me-sign-pin"),
    path("auth/token/", org_api_tokens.TokenView.as_view(), name="api-token"),
    path("auth/token/renew/", org_api_tokens.TokenRenew.as_view(), name="api-token-renew"),
    path("auth/tokens/", org_api_tokens.TokenList.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/", org_api_tokens.TokenDetail.as_view(), name="api-token-detail"),
    path("departments/", org_api.DepartmentList.as_view(), name="api-departments"),
    path("departments/<int:pk>/", org_api.DepartmentDetail.as_view(), name="api-department"),
    path("people/", org_api.PersonList.as_view(), name="api-people"),
    path("people/<int:pk>/", org_api.PersonDetail.as_view(), name="api-person"),
    path("phrases/", org_api_phrases.PhraseList.as_view(), name="api-phrases"),
    path("phrases/<int:pk>/", org_api_phrases.PhraseDetail.as_view(), name="api-phrase"),
    path("number-series/", org_api_series.NumberSeriesList.as_view(), name="api-number-series"),
    path("number-series/<int:pk>/", org_api_series.NumberSeriesDetail.as_view(), name="api-number-series-detail"),
    path("role-grants/", org_api.RoleGrantList.as_view(), name="api-role-grants"),
    path("signing-authorities/", signing_api.SigningAuthorityList.as_view(), name="api-signing-authorities"),
    path("signing-authorities/<int:pk>/revoke/", signing_api.SigningAuthorityRevoke.as_view(),
         name="api-signing-authority-revoke"),
    path("role-grants/<int:pk>/", org_api.RoleGrantDetail.as_view(), name="api-role-grant"),
    path("org/import/", org_api_import.OrgImportView.as_view(), name="api-org-import"),
    path("uploads/declaration/", uploads_api.DeclarationView.as_view(), name="api-upload-declaration"),
    path("uploads/records/<int:pk>/", uploads_api.UploadRecordDetail.as_view(), name="api-upload-record"),
    path("uploads/review/", uploads_api.ReviewQueue.as_view(), name="api-upload-review"),
    path("uploads/review/<int:pk>/release/", uploads_api.ReviewRelease.as_view(), name="api-upload-release"),
    path("uploads/review/<int:pk>/refuse/", uploads_api.ReviewRefuse.as_view(), name="api-upload-refuse"),
    path("audit/entries/", audit_api.LedgerList.as_view(), name="api-audit-entries"),
    path("audit/verify/", audit_api.LedgerVerify.as_view(), name="api-audit-verify"),
    path("audit/checkpoints/", audit_api.LedgerCheckpoints.as_view(), name="api-audit-checkpoints"),
    path("documents/", documents_api.DocumentList.as_view(), name="api-documents"),
    path("seals/verify/", seals_api.SealVerify.as_view(), name="api-seal-verify"),
    path("documents/numbers/", documents_api.NumberRegister.as_view(), name="api-document-numbers"),
    path("documents/draft-sheets.<str:fmt>", documents_api.DocumentDraftSheets.as_view(), name="api-document-sheets"),
    path("documents/<int:pk>/", documents_api.DocumentDetail.as_view(), name="api-document"),
    path("documents/<int:pk>/attachments/", documents_api.DocumentAttachments.as_view(), name="api-document-attachments"),
    path("documents/<int:pk>/attachments/<int:attachment_id>/", documents_api.DocumentAttachment.as_view(),
         name="api-document-attachment"),
    path("documents/<int:pk>/import-docx/", documents_api.DocumentImportDocx.as_view(), name="api-document-import-docx"),
    path("documents/<int:pk>/draft-sheet.<str:fmt>", documents_api.DocumentDraftSheet.as_view(), name="api-document-sheet"),
    path("documents/<int:pk>/render.<str:fmt>", documents_api.DocumentRendered.as_view(), name="api-document-rendered"),
    path("documents/<int:pk>/issue/", documents_api.DocumentIssue.as_view(), name="api-document-issue"),
    path("documents/<int:pk>/<str:transition>/", documents_api.DocumentTransition.as_view(), name="api-document-transition"),
    path("deliveries/", deliveries_api.DeliveryList.as_view(), name="api-deliveries"),
    path("deliveries/sign-for/", deliveries_api.DeliveriesSignFor.as_view(), name="api-deliveries-sign-for"),
    path("deliveries/paper/", deliveries_api.PaperArrival.as_view(), name="api-delivery-paper"),
    path("deliveries/sheets.<str:fmt>", deliveries_api.DeliverySheets.as_view(), name="api-delivery-sheets"),
    path("deliveries/readings/", deliveries_api.ReadingList.as_view(), name="api-readings"),
    path("deliveries/<int:pk>/", deliveries_api.DeliveryDetail.as_view(), name="api-delivery"),
    path("deliveries/<int:pk>/sheet.<str:fmt>", deliveries_api.DeliverySheet.as_view(), name="api-delivery-sheet"),
    path("deliveries/<int:pk>/read/", deliveries_api.DeliveryRead.as_view(), name="api-delivery-read"),
    path("deliveries/<int:pk>/scans/", deliveries_api.DeliveryScans.as_view(), name="api-delivery-scans"),
    path("deliveries/<int:pk>/scans/<int:scan_id>/", deliveries_api.DeliveryScanFile.as_view(), name="api-delivery-scan"),
    path("deliveries/<int:pk>/circulations/<int:circulation_id>/recall/", deliveries_api.CirculationRecall.as_view(),
         name="api-circulation-recall"),
    path("deliveries/<int:pk>/handwriting/<str:kind>/<int:row_id>.png", deliveries_api.DeliveryHandwriting.as_view(),
         name="api-delivery-handwriting"),
    path("deliveries/<int:pk>/<str:transition>/", deliveries_api.DeliveryTransition.as_view(), name="api-delivery-transition"),
    path("notices/", notices_api.NoticeList.as_view(), name="api-notices"),
    path("notices/<int:pk>/", notices_api.NoticeDetail.as_view(), name="api-notice"),
    path("notices/<int:pk>/attachments/", notices_api.NoticeAttachments.as_view(), name="api-notice-attachments"),
    path("notices/<int:pk>/attachments/<int:attachment_id>/", notices_api.NoticeAttachment.as_view(),
         name="api-notice-attachment"),
    path("notices/<int:pk>/read/", notices_api.NoticeMarkRead.as_view(), name="api-notice-read"),
    path("notices/<int:pk>/receipt/", notices_api.NoticeReceipt.as_view(), name="api-notice-receipt"),
    path("notices/<int:pk>/reads/", notices_api.NoticeReads.as_view(), name="api-notice-reads"),
    path("notices/<int:pk>/remind/", notices_api.NoticeRemind.as_view(), name="api-notice-remind"),
    path("notices/<int:pk>/<str:transition>/", notices_api.NoticeTransition.as_view(), name="api-notice-transition"),
    path("usage-reports/periods/", usage_api.PeriodList.as_view(), name="api-usage-periods"),
    path("usage-reports/periods/<str:period>/", usage_api.PeriodFigures.as_view(), name="api-usage-period"),
    path("usage-reports/periods/<str:period>/departments/<int:department_id>/", usage_api.DepartmentScore.as_view(),
         name="api-usage-department"),
    path("usage-reports/periods/<str:period>/close/", usage_api.PeriodClose.as_view(), name="api-usage-close"),
    path("usage-reports/periods/<str:period>/export.xlsx", usage_api.PeriodXlsx.as_view(), name="api-usage-xlsx"),
    path("usage-reports/periods/<str:period>/departments/<int:department_id>/export.xlsx", usage_api.DepartmentXlsx.as_view(),
         name="api-usage-department-xlsx"),
    path("usage-reports/trend/", usage_api.Trend.as_view(), name="api-usage-trend"),
    path("usage-reports/jobs/<str:job>/", usage_api.JobStatus.as_view(), name="api-usage-job"),
    path("usage-reports/periods/<str:period>/correct/", usage_api.PeriodCorrect.as_view(), name="api-usage-correct"),
    path("usage-reports/reports/", usage_api.ReportList.as_view(), name="api-usage-reports"),
    path("usage-reports/reports/<int:pk>/", usage_api.ReportDetail.as_view(), name="api-usage-report"),
    path("usage-reports/reports/<int:pk>.<str:fmt>", usage_api.ReportFile.as_view(), name="api-usage-report-file"),
    path("usage-circulars/", circular_api.CircularList.as_view(), name="api-usage-circulars"),
    path("usage-circulars/<int:pk>/", circular_api.CircularDetail.as_view(), name="api-usage-circular"),
    path("usage-circulars/<int:pk>/<str:which>.<str:fmt>", circular_api.CircularDocument.as_view(),
         name="api-usage-circular-document"),
    path("usage-circulars/<int:pk>/<str:transition>/", circular_api.CircularTransition.as_view(),
         name="api-usage-circular-transition"),
    path("tickets/", feedback_api.TicketList.as_view(), name="api-tickets"),
    path("tickets/figures/", feedback_api.TicketFigures.as_view(), name="api-ticket-figures"),
    path("tickets/<int:pk>/", feedback_api.TicketDetail.as_view(), name="api-ticket"),
    path("tickets/<int:pk>/comments/", feedback_api.TicketComments.as_view(), name="api-ticket-comments"),
    path("tickets/<int:pk>/screenshots/", feedback_api.TicketScreenshots.as_view(), name="api-ticket-screenshots"),
    path("tickets/<int:pk>/assign/", feedback_api.TicketAssign.as_view(), name="api-ticket-assign"),
    path("tickets/<int:pk>/faq/", feedback_api.TicketFaq.as_view(), name="api-ticket-faq"),
    path("tickets/<int:pk>/<str:transition>/", feedback_api.TicketTransition.as_view(), name="api-ticket-transition"),
    path("trials/", trial_programme_api.ProgrammeList.as_view(), name="api-trials"),
    path("trials/rules/", trial_programme_api.RuleList.as_view(), name="api-trial-rules"),
    path("trials/contacts/", trial_people_api.PublishedContacts.as_view(), name="api-trial-contacts"),
    path("trials/paper/", trial_paper_api.PaperList.as_view(), name="api-trial-paper"),
    path("trials/paper/confirm/", trial_paper_api.PaperBulkConfirm.as_view(), name="api-trial-paper-bulk"),
    path("trials/paper/<int:pk>/", trial_paper_api.PaperDetail.as_view(), name="api-trial-paper-detail"),
    path("trials/paper/<int:pk>/<str:transition>/", trial_paper_api.PaperTransition.as_view(), name="api-trial-paper-transition"),
    path("trials/reconciliation/", trial_paper_api.Reconciliation.as_view(), name="api-trial-reconciliation"),
    path("trials/paper-only/", trial_paper_api.PaperOnlyList.as_view(), name="api-trial-paper-only"),
    path("trials/reports/<int:pk>/", trial_reports_api.ReportDetail.as_view(), name="api-trial-report"),
    path("trials/outages/", trial_outages_api.OutageList.as_view(), name="api-trial-outages"),
    path("trials/outages/items/", trial_outages_api.OutageItemList.as_view(), name="api-trial-outage-items"),
    path("trials/outages/<int:pk>/<str:transition>/", trial_outages_api.OutageTransition.as_view(),
         name="api-trial-outage-transition"),
    path("trials/reports/<int:pk>/attachments/", trial_reports_api.ReportAttachments.as_view(), name="api-trial-report-attachments"),
    path("trials/reports/<int:pk>/attachments/<int:attachment_id>/", trial_reports_api.ReportAttachment.as_view(),
         name="api-trial-report-attachment"),
    path("trials/reports/<int:pk>/file/<str:kind>/", trial_reports_api.ReportDownload.as_view(), name="api-trial-report-download"),
    path("trials/reports/<int:pk>/<str:transition>/", trial_reports_api.ReportTransition.as_view(), name="api-trial-report-transition"),
    path("trials/<int:pk>/", trial_programme_api.ProgrammeDetail.as_view(), name="api-trial"),
    path("trials/<int:pk>/participants/", trial_programme_api.ProgrammeParticipants.as_view(), name="api-trial-participants"),
    path("trials/<int:pk>/paperless-target/", trial_programme_api.ProgrammeTarget.as_view(), name="api-trial-target"),
    path("trials/<int:pk>/people/", trial_people_api.ProgrammePeople.as_view(), name="api-trial-people"),
    path("trials/<int:pk>/coordination/", trial_people_api.ProgrammeCoordination.as_view(), name="api-trial-coordination"),
    path("trials/<int:pk>/working-group/", trial_people_api.ProgrammeWorkingGroup.as_view(), name="api-trial-working-group"),
    path("trials/<int:pk>/consult-phone/", trial_people_api.ProgrammeConsultPhone.as_view(), name="api-trial-consult-phone"),
    path("trials/<int:pk>/groups-due/", trial_people_api.ProgrammeGroupsDue.as_view(), name="api-trial-groups-due"),
    path("trials/<int:pk>/groups/chase/", trial_people_api.ProgrammeGroupsChase.as_view(), name="api-trial-groups-chase"),
    path("trials/<int:pk>/trainings/", trial_programme_api.ProgrammeTraining.as_view(), name="api-trial-trainings"),
    path("trials/<int:pk>/reports/chase/", trial_programme_api.ProgrammeReportsChase.as_view(), name="api-trial-reports-chase"),
    path("trials/<int:pk>/reports/", trial_reports_api.ProgrammeReports.as_view(), name="api-trial-reports"),
    path("trials/<int:pk>/<str:transition>/", trial_programme_api.ProgrammeTransition.as_view(), name="api-trial-transition"),
    *archives_package_api_urls.urlpatterns,  # 归档包、四性检测与移交 (issue 21)
]

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    *[path("v1/" + str(p.pattern), p.callback, name=p.name) for p in v1],
]
