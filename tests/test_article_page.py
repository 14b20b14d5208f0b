from django.urls import reverse

from narratives.models import Article
from narratives.services import text_hash


def make_article(text, language):
    return Article.objects.create(text=text, text_hash=text_hash(text), language=language, status="done")


def test_non_english_article_says_extraction_is_english_only(db, analyst_client):
    article = make_article("Le ministre a déclaré que la guerre était finie.", "fr")
    body = analyst_client.get(article.get_absolute_url()).content.decode()
    assert "language: fr" in body and "English only" in body


def test_english_article_has_no_language_warning(db, analyst_client):
    article = make_article("The minister said the war was over.", "en")
    assert "English only" not in analyst_client.get(article.get_absolute_url()).content.decode()


def test_a_message_is_shown_once_on_the_article_page(db, analyst_client, monkeypatch):
    from narratives.nlp import types

    monkeypatch.setattr(
        "narratives.nlp.pipeline.extract", lambda text, knowledge: types.ExtractionResult(language="en")
    )
    article = make_article("The minister said the war was over.", "en")
    response = analyst_client.post(reverse("article_extract", args=[article.pk]), follow=True)
    body = response.content.decode()
    notices = [m.message for m in response.context["messages"]]
    assert notices, "re-extraction should leave a message"
    assert body.count(str(notices[0])) == 1


def test_event_page_links_analysts_to_the_event_editor(db, analyst, viewer):
    from django.test import Client

    from narratives.models import Event

    Event.objects.create(slug="river-crossing", title="River crossing")
    edit = reverse("event_edit", args=["river-crossing"])
    for user, shown in ((analyst, True), (viewer, False)):
        client = Client()
        client.force_login(user)
        assert (edit in client.get("/events/river-crossing/").content.decode()) is shown
