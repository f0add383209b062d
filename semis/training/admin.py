from django.contrib import admin

from semis.training.models import (
    Attendance,
    Attestation,
    Enrolment,
    FollowUp,
    SupervisionSession,
    TrainedTeam,
    Trainer,
    TrainerQualification,
    TrainingCourse,
    TrainingProgramme,
    TrainingSession,
    TrainingTarget,
)


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "academie", "followup_offsets_months", "is_active"]
    list_filter = ["is_active", "academie"]
    search_fields = ["name"]


class TrainerQualificationInline(admin.TabularInline):
    model = TrainerQualification
    extra = 0


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ["user", "academie", "function", "is_active"]
    list_filter = ["is_active", "academie"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]
    inlines = [TrainerQualificationInline]


class TrainingSessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0


@admin.register(TrainingCourse)
class TrainingCourseAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "public", "departement", "school_year", "status", "capacity"]
    list_filter = ["status", "public", "school_year", "programme"]
    search_fields = ["title", "place"]
    filter_horizontal = ["trainers"]
    inlines = [TrainingSessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "course", "establishment", "status"]
    list_filter = ["status"]
    search_fields = ["email", "last_name", "establishment__uai"]
    raw_id_fields = ["course", "establishment"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "session", "present", "hours"]
    raw_id_fields = ["enrolment", "session"]


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    list_display = ["code", "enrolment", "hours", "issued_at"]
    search_fields = ["code", "enrolment__email"]
    raw_id_fields = ["enrolment"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["months_after", "due_on", "done_on", "reminder_sent_at"]


@admin.register(TrainedTeam)
class TrainedTeamAdmin(admin.ModelAdmin):
    list_display = ["establishment", "course", "trainer"]
    raw_id_fields = ["course", "establishment", "members"]
    inlines = [FollowUpInline]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "programme", "facilitator", "hours"]
    filter_horizontal = ["attendees"]


@admin.register(TrainingTarget)
class TrainingTargetAdmin(admin.ModelAdmin):
    list_display = ["academie", "school_year", "public", "teachers_to_train", "courses_to_hold"]
    list_filter = ["school_year", "public", "academie"]
