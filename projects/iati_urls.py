from django.urls import path

from projects import iati

urlpatterns = [
    path("activities.xml", iati.activities_xml, name="iati-activities"),
]
