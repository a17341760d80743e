"""The catalogue published beyond the service's own pages (ADR 22): embedded in a hub's website
(embed), followed as feeds (feeds), and downloaded as open data (opendata). An interface app:
it composes the domain apps (catalogue, delivery, hubs) and no domain app imports it."""
