"""bench/results.svg: a plain SVG plot drawn here, no plotting library needed."""

from __future__ import annotations

from pathlib import Path


def write_svg(results: list[dict], preview: dict | None, path: Path) -> None:
    """Two panels: wall time against entries, and cost per entry against entries; plain SVG."""
    W, H, P = 920, 400, 60
    series = [
        ("kb check", "check_s", "#1f77b4", False),
        ("floor (read+YAML)", "floor_s", "#1f77b4", True),
        ("build (engine)", "build_s", "#d62728", False),
        ("build (plain + Pagefind)", "plain_s", "#d62728", True),
    ]
    xs = [r["n"] for r in results]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
    ]
    panel_w = (W - 3 * P) / 2
    for panel, (title, per_entry) in enumerate([("Wall time, s", False), ("Cost per entry, ms", True)]):
        x0 = P + panel * (panel_w + P)
        y0, y1 = 40, H - 60
        values = []
        for _, key, _, _ in series:
            for r in results:
                if key in r:
                    values.append(r[key] / r["n"] * 1000 if per_entry else r[key])
        vmax = max(values or [1]) * 1.1
        xmax = max(xs) * 1.05

        def px(x: float) -> float:
            return x0 + x / xmax * panel_w

        def py(v: float) -> float:
            return y1 - v / vmax * (y1 - y0)

        out.append(f'<text x="{x0 + panel_w / 2:.0f}" y="24" text-anchor="middle" font-weight="bold">{title}</text>')
        out.append(
            f'<line x1="{x0}" y1="{y1}" x2="{x0 + panel_w:.0f}" y2="{y1}" stroke="#333"/><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#333"/>'
        )
        for i in range(5):
            v = vmax * i / 4
            out.append(f'<line x1="{x0}" y1="{py(v):.1f}" x2="{x0 + panel_w:.0f}" y2="{py(v):.1f}" stroke="#eee"/>')
            out.append(f'<text x="{x0 - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
        for x in xs:
            out.append(f'<text x="{px(x):.1f}" y="{y1 + 16}" text-anchor="middle">{x:,}</text>')
        out.append(f'<text x="{x0 + panel_w / 2:.0f}" y="{y1 + 34}" text-anchor="middle">entries</text>')
        for _name, key, color, dashed in series:
            pts = [(px(r["n"]), py(r[key] / r["n"] * 1000 if per_entry else r[key])) for r in results if key in r]
            if not pts:
                continue
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            out.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="'
                + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
                + '"/>'
            )
            out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>' for x, y in pts]
    lx = P
    for i, (name, _, color, dashed) in enumerate(series):
        x = lx + i * 200
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(
            f'<line x1="{x}" y1="{H - 12}" x2="{x + 30}" y2="{H - 12}" stroke="{color}" stroke-width="2"{dash}/><text x="{x + 36}" y="{H - 8}">{name}</text>'
        )
    if preview:
        out.append(
            f'<text x="{W - 10}" y="{H - 8}" text-anchor="end">edit-to-preview at {preview["n"]:,}: {preview["median"]:.2f} s</text>'
        )
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
