from django.urls import path

from projects import iati

urlpatterns = [
    path("activities.xml", iati.activities_xml, name="iati-activities"),
    path("organisation.xml", iati.organisation_xml, name="iati-organisation"),
]
