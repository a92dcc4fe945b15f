"""Where events happened: offline geocoding and event-location attachment.

- :class:`Geocoder` (``dotterel.geocoder.v1``) turns a place name into a
  :class:`~dotterel.records.Location`, using the article's countries to choose between places
  of the same name.
- :class:`PlaceFinder` finds the place mentions of a parsed article; its
  :class:`ArticlePlaces` answers where the event of a trigger token happened.
"""

from dotterel.places.articles import ArticlePlaces
from dotterel.places.finder import PlaceFinder
from dotterel.places.geocoder import GEOCODER_NAME, Geocoder

__all__ = ["GEOCODER_NAME", "ArticlePlaces", "Geocoder", "PlaceFinder"]
