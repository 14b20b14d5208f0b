from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .views import actors as actor_views
from .views import claims as claim_views
from .views import manage as manage_views
from .views import review as review_views
from .views import upload as upload_views

# A database outage or a full disk answers 503 with a plain page instead of a 500 (narratives/security.py).
handler500 = "narratives.security.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/export.<str:fmt>", views.event_export, name="event_export"),
    path("events/<slug:slug>/panels/", views.event_panels, name="event_panels"),
    path("search/", views.search, name="search"),
    path("articles/new/", views.article_new, name="article_new"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("actors/<int:pk>/", views.actor_detail, name="actor_detail"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet_detail"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# The article workbench and actor curation (views/claims.py, views/actors.py).
urlpatterns += [
    path("articles/<int:pk>/extract/", claim_views.article_extract, name="article_extract"),
    path("articles/<int:pk>/status/", claim_views.article_status, name="article_status"),
    path("articles/<int:pk>/claims/new/", claim_views.claim_add, name="claim_add"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/speaker/", claim_views.claim_speaker, name="claim_speaker"),
    path("claims/<int:pk>/classify/", claim_views.claim_classify, name="claim_classify"),
    path("claims/<int:pk>/review/", claim_views.claim_review, name="claim_review"),
    path("claims/<int:pk>/delete/", claim_views.claim_delete, name="claim_delete"),
    path("claims/<int:pk>/restore/", claim_views.claim_restore, name="claim_restore"),
    path("actors/", actor_views.actor_list, name="actor_list"),
    path("actors/search/", claim_views.actor_search, name="actor_search"),
    path("actors/<int:pk>/edit/", actor_views.actor_edit, name="actor_edit"),
    path("actors/<int:pk>/merge/", actor_views.actor_merge, name="actor_merge"),
    path("actors/<int:pk>/split/", actor_views.actor_split, name="actor_split"),
]

# Upload helpers and event editing (views/upload.py, views/manage.py).
urlpatterns += [
    path("articles/new/read/", upload_views.article_prefill, name="article_prefill"),
    path("articles/new/outlets/", upload_views.outlet_options, name="article_outlets"),
    path("manage/events/", manage_views.event_list, name="manage_events"),
    path("manage/events/new/", manage_views.event_edit, name="event_new"),
    path("manage/events/<slug:slug>/", manage_views.event_edit, name="event_edit"),
    path("manage/events/<slug:slug>/positions/new/", manage_views.position_edit, name="position_new"),
    path("manage/events/<slug:slug>/positions/<int:pk>/", manage_views.position_edit, name="position_edit"),
    path("manage/events/<slug:slug>/reclassify/", manage_views.reclassify, name="event_reclassify"),
]

# The review queue (views/review.py).
urlpatterns += [
    path("events/<slug:slug>/review/", review_views.review_queue, name="review_queue"),
    path("events/<slug:slug>/review/<int:pk>/", review_views.review_decide, name="review_decide"),
]
