from django.contrib import admin, messages

from cchc.forms import CleanTextAdmin
from cchc.par import services
from cchc.par.models import Assessment, Campaign, Criterion, Evidence, IndexSet, ScoreEvent


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(CleanTextAdmin, admin.TabularInline):
    model = Criterion
    fk_name = "index_set"
    extra = 0
    fields = [
        "position",
        "code",
        "name",
        "max_score",
        "method",
        "rule",
        "indicator",
        "responsible",
        "is_leaf",
    ]
    ordering = ["position"]

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.is_frozen

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen


@admin.register(IndexSet)
class IndexSetAdmin(CleanTextAdmin, NoDelete, admin.ModelAdmin):
    list_display = ["name", "kind", "year", "version", "frozen_at"]
    list_filter = ["kind", "year"]
    readonly_fields = ["frozen_at"]
    inlines = [CriterionInline]
    actions = ["new_version", "validate"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return ["name", "kind", "year", "version", "source", "frozen_at"]
        return self.readonly_fields

    @admin.action(description="Tạo phiên bản mới để sửa (bộ đã khóa)")
    def new_version(self, request, queryset):
        for index_set in queryset:
            copy = services.index_set_new_version(user=request.user, index_set=index_set)
            self.message_user(request, f"Đã tạo {copy}.")

    @admin.action(description="Kiểm tra bộ chỉ số")
    def validate(self, request, queryset):
        for index_set in queryset:
            problems = services.index_set_problems(index_set)
            if problems:
                self.message_user(request, f"{index_set}: " + " ".join(problems), messages.ERROR)
            else:
                self.message_user(request, f"{index_set}: hợp lệ.")


@admin.register(Campaign)
class CampaignAdmin(CleanTextAdmin, NoDelete, admin.ModelAdmin):
    list_display = ["name", "year", "self_assessment_due", "appraisal_due", "results_published_on"]
    readonly_fields = ["year", "index_sets", "period_start", "period_end"]

    def has_add_permission(self, request):
        return False  # a campaign is opened by ``cchc par-open-campaign``, which also creates the assessments


@admin.register(Assessment)
class AssessmentAdmin(CleanTextAdmin, NoDelete, admin.ModelAdmin):
    list_display = ["unit", "campaign", "index_set", "status", "submitted_at", "appraised_at"]
    list_filter = ["campaign", "status"]
    readonly_fields = ["campaign", "unit", "index_set", "status", "submitted_at", "appraised_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ScoreEvent)
class ScoreEventAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["score", "kind", "value", "actor_label", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(CleanTextAdmin, NoDelete, admin.ModelAdmin):
    list_display = ["original_name", "score", "kind", "size", "uploaded_by", "uploaded_at", "withdrawn_at"]
    readonly_fields = ["score", "original_name", "stored_name", "kind", "size", "sha256", "uploaded_by"]

    def has_add_permission(self, request):
        return False
