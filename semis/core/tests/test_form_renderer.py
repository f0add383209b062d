from django import forms
from dsfr.forms import DsfrBaseForm


class NameForm(DsfrBaseForm):
    name = forms.CharField(label="Nom")


def test_forms_share_one_renderer_so_field_templates_are_compiled_once():
    first, second = NameForm(), NameForm()
    assert first.renderer is second.renderer
    assert 'class="fr-input' in str(first["name"])  # still django-dsfr's templates
