from django.contrib import admin

from .models import Firm, FirmMember


class FirmMemberInline(admin.TabularInline):
    model = FirmMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "region", "city", "capacity", "status", "created_at"]
    list_filter = ["status", "region", "sector"]
    search_fields = ["name"]
    raw_id_fields = ["decided_by"]
    inlines = [FirmMemberInline]
