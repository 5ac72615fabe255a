"""Syndication: what other sites and feed readers receive. ``feeds`` writes RSS 2.0 and Atom
(absolute links, Vietnam-time dates, no wall clock); ``channels`` decides which feeds and embed
pages the site has and what goes in each, from the records of ``cchc.content``."""
