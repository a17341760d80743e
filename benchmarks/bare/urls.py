from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

ITEMS = [{"title": f"Item {n}", "summary": f"A short summary of item {n}.", "n": n}
         for n in range(15)]


def items(request: HttpRequest) -> HttpResponse:
    return render(request, "items.html", {"items": ITEMS})


urlpatterns = [path("", items)]
