"""Admin for every model: the place to edit sides, outlets, events, positions and actors as data."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html

from .models import Actor, ActorAlias, Article, Claim, Correction, Event, Figure, Outlet, Position, Side


class LiveClaimCountMixin:
    """A sortable "Claims" column counting the claims an analyst has not rejected."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_live_claim_count("n_claims")

    @admin.display(description="Claims", ordering="n_claims")
    def claim_count(self, obj):
        return obj.n_claims


class RenewsClaimCounts:
    """For admins whose deletes and inlines change claims (a cascade, a side or position set to null): every
    event's page counts again. Single saves renew through Claim/Actor/Article.save; admin writes are rare."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Event.objects.claims_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        Event.objects.claims_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Event.objects.claims_changed()


@admin.register(Side)
class SideAdmin(RenewsClaimCounts, admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "actor_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_actors=Count("actors"))

    @admin.display(description="Colour", ordering="color")
    def colour(self, obj):
        return format_html(
            '<span style="display:inline-block;width:12px;height:12px;border-radius:3px;'
            'background:{};vertical-align:-1px"></span> {}',
            obj.color,
            obj.color,
        )

    @admin.display(description="Actors", ordering="n_actors")
    def actor_count(self, obj):
        return obj.n_actors


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "country", "affiliation", "article_count"]
    list_filter = ["affiliation", "country"]
    search_fields = ["name", "domain", "country"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description="Articles", ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


class ClaimInline(admin.TabularInline):
    """Claims in their article: the machine's fields are shown, the analyst's decisions stay editable."""

    model = Claim
    fk_name = "article"
    extra = 0
    fields = [
        "speaker_mention",
        "cue",
        "kind",
        "content",
        "speaker",
        "event",
        "position",
        "origin",
        "rejected",
    ]
    readonly_fields = ["speaker_mention", "cue", "kind", "content", "origin"]
    autocomplete_fields = ["speaker", "event", "position"]
    show_change_link = True
    can_delete = False
    ordering = ["start"]


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0
    fields = ["content", "value", "unit", "subject", "source", "origin"]
    readonly_fields = ["content", "origin"]
    can_delete = False


@admin.register(Article)
class ArticleAdmin(RenewsClaimCounts, LiveClaimCountMixin, admin.ModelAdmin):
    list_display = [
        "display_title",
        "outlet",
        "published",
        "status",
        "claim_count",
        "uploaded_by",
        "created_at",
    ]
    list_filter = ["status", "language", "outlet"]
    list_select_related = ["outlet", "uploaded_by"]
    search_fields = ["title", "url", "outlet__name"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet"]
    readonly_fields = [
        "text_hash",
        "extractor_version",
        "extracted_at",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "published", "url", "language"]}),
        ("Text", {"fields": ["text", "text_hash"]}),
        ("Processing", {"fields": ["status", "error", "extractor_version", "extracted_at"]}),
        ("Provenance", {"fields": ["uploaded_by", "created_at", "updated_at"]}),
    ]
    inlines = [ClaimInline, FigureInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Title", ordering="title")
    def display_title(self, obj):
        return obj.display_title


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["name", "normalized"]


@admin.register(Actor)
class ActorAdmin(RenewsClaimCounts, LiveClaimCountMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "role", "organization", "side", "origin", "claim_count"]
    list_filter = ["kind", "side", "origin"]
    list_select_related = ["organization", "side"]
    search_fields = ["name", "role", "aliases__name"]
    autocomplete_fields = ["organization", "side", "merged_into"]
    inlines = [ActorAliasInline]


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "normalized", "actor"]
    list_select_related = ["actor"]
    search_fields = ["name", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]


class PositionInline(admin.TabularInline):
    model = Position
    fk_name = "event"
    extra = 1
    fields = ["order", "slug", "label", "cue_terms", "opposite", "description"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(Event)
class EventAdmin(RenewsClaimCounts, LiveClaimCountMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "start_date", "end_date", "claim_count"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(RenewsClaimCounts, admin.ModelAdmin):
    list_display = ["label", "slug", "event", "order", "opposite"]
    list_filter = ["event"]
    list_select_related = ["event", "opposite"]
    search_fields = ["label", "slug", "event__title"]
    autocomplete_fields = ["event", "opposite"]


@admin.register(Claim)
class ClaimAdmin(RenewsClaimCounts, admin.ModelAdmin):
    list_display = ["short_content", "speaker", "cue", "kind", "event", "position", "rejected"]
    list_filter = ["kind", "origin", "rejected", "event", "position", "speaker__side"]
    list_select_related = ["speaker", "event", "position"]
    search_fields = ["content", "speaker_mention", "speaker__name", "cue", "article__title"]
    autocomplete_fields = ["article", "speaker", "event", "position"]
    readonly_fields = ["fingerprint", "reviewed_by", "reviewed_at", "created_at", "updated_at"]

    @admin.display(description="Content", ordering="content")
    def short_content(self, obj):
        return obj.content if len(obj.content) <= 140 else obj.content[:139] + "…"


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["content", "value", "unit", "subject", "source", "article", "origin"]
    list_filter = ["origin", "unit"]
    list_select_related = ["article"]
    search_fields = ["content", "subject", "source", "article__title"]
    autocomplete_fields = ["article", "claim"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The log is evidence: it is read here, never edited."""

    list_display = ["created_at", "action", "user", "claim", "actor", "article"]
    list_filter = ["action"]
    list_select_related = ["user", "claim", "actor", "article"]
    search_fields = ["user__username", "claim__content", "actor__name", "article__title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
