"""One observation: its note, tags, evidence, entities, alerts and history; tag corrections."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backend.accounts.requests import PageRequest
from backend.core.errors import DomainError
from backend.core.labels import label_phrase
from backend.insights import alerts_bridge
from backend.insights.access import analyst_required
from backend.insights.forms import LABEL_CHOICES, LabelCorrectionForm
from backend.insights.history import observation_history
from backend.insights.presenters import entity_views, feed_row
from backend.insights.selectors import observation_for
from backend.insights.services import observation_label_correct


@analyst_required
def observation_detail(request: PageRequest, pk: str) -> HttpResponse:
    obs = observation_for(request.user, pk)
    if obs is None:
        raise Http404("No such observation in your scope.")
    row = feed_row(obs)
    tagging = getattr(obs, "tagging", None)
    corrections = list(obs.label_corrections.all())
    present = {lab.label for lab in row.labels}
    context = {
        "row": row,
        "tagging": tagging,
        "scores": sorted((tagging.scores or {}).items(), key=lambda kv: -kv[1]) if tagging else [],
        "entities": entity_views(tagging),
        "corrections": corrections,
        "addable": [
            (value, text) for value, text in LABEL_CHOICES if value and value not in present
        ],
        "alerts": alerts_bridge.alerts_for_observation(request.user, str(obs.pk)),
        "history": observation_history(str(obs.pk), corrections),
    }
    return render(request, "insights/observation.html", context)


@analyst_required
@require_POST
def observation_label(request: PageRequest, pk: str) -> HttpResponse:
    form = LabelCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a theme label to add or remove.")
        return redirect("insights:observation", pk=pk)
    label, action = form.cleaned_data["label"], form.cleaned_data["action"]
    try:
        observation_label_correct(
            analyst=request.user,
            observation_id=pk,
            label=label,
            action=action,
        )
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    else:
        verb = "added" if action == "add" else "removed"
        messages.success(request, f"Label {label_phrase(label)} {verb}; saved for retraining.")
    return redirect("insights:observation", pk=pk)
