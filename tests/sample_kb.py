"""A small, valid knowledge base as a {path: text} dict; tests change one thing at a time."""

TYPE = """---
title: Industrial-production zone
abbreviation: {en: IPZ, ru: ППТ}
legal_basis:
  - {en: Federal Law No. 116-FZ, ru: Федеральный закон № 116-ФЗ}
introduced: 2005-07-22
color: "#1f77b4"
sources:
  - {title: Federal Law 116-FZ, document: Федеральный закон от 22.07.2005 № 116-ФЗ, read: 2026-11-01}
reviewed: 2026-11-01
---
## Purpose

Manufacturing.

## Rules

Rules.

## Resident regime

Regime.

## What makes a zone succeed

Anchors.
"""

TYPE_RU = """---
title: Промышленно-производственная зона
---
## Назначение

Производство.

## Правовой режим

Правила.

## Льготы резидентов

Режим.

## Условия успеха

Якоря.
"""

MEASURE = """---
title: FRP loans
kind: loan
provider: frp
legal_basis:
  - {en: Federal Law No. 488-FZ, ru: Федеральный закон № 488-ФЗ}
audience: [industrial-companies]
zone_types: [industrial-production]
terms_as_of: 2025-06
sources:
  - {title: FRP, url: "https://frprf.ru/", read: 2026-11-01}
reviewed: 2026-11-01
---
## What it gives

Loans.

## Who can use it

Companies.

## How to apply

Online.
"""

MEASURE_RU = """---
title: Займы ФРП
---
## Суть меры

Займы.

## На кого распространяется

Компании.

## Порядок применения

Онлайн.
"""

REGION = """---
title: Omsk Region
code: RU-OMS
in_stream: true
sources:
  - {title: Announcement, document: Announcement of the third stream, read: 2026-11-01}
reviewed: 2026-11-01
---
## Overview

Omsk has [Avangard](../zones/avangard.md).
"""

REGION_RU = """---
title: Омская область
---
## Обзор

В регионе есть [«Авангард»](../zones/avangard.md).
"""

ZONE = """---
title: Avangard
type: industrial-production
region: RU-OMS
status: operating
established: 2020-12
area_ha: {value: 488, as_of: 2025-08, source: s1}
residents: {value: 10, as_of: 2025-09, source: s2, unconfirmed: true}
coordinates: [55.03, 73.29]
measures: [frp-loans]
unconfirmed: [established]
sources:
  - {id: s1, title: Omsk RBC, url: "https://omsk.rbc.ru/", read: 2026-11-01}
  - {id: s2, title: News, document: "News report, 05.09.2025", read: 2026-11-01}
reviewed: 2026-11-01
---
## Overview

An industrial zone in [Omsk](../regions/omsk.md) that uses [FRP loans](../measures/frp-loans.md).
"""

ZONE_RU = """---
title: Авангард
---
## Обзор

Промышленная зона в [Омске](../regions/omsk.md), резиденты которой пользуются [займами ФРП](../measures/frp-loans.md).
"""

FILES = {
    "kb/sez-types/industrial-production.md": TYPE,
    "kb/sez-types/industrial-production.ru.md": TYPE_RU,
    "kb/measures/frp-loans.md": MEASURE,
    "kb/measures/frp-loans.ru.md": MEASURE_RU,
    "kb/regions/omsk.md": REGION,
    "kb/regions/omsk.ru.md": REGION_RU,
    "kb/zones/avangard.md": ZONE,
    "kb/zones/avangard.ru.md": ZONE_RU,
}
TODAY = "2026-11-28"
