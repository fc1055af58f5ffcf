/// The notebook's only stylesheet, inlined into every page so the site works offline from file://
/// with no external fonts or assets.
enum Stylesheet {
    static let css = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; --link: #0969da; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--fg); background: var(--bg);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
        a { color: var(--link); text-decoration: none; }
        a:hover, a:focus { text-decoration: underline; }
        header.site { border-bottom: 1px solid var(--line); background: var(--panel); }
        .wrap { max-width: 1180px; margin: 0 auto; padding: 18px 24px; }
        header.site h1 { margin: 0; font-size: 1.6rem; line-height: 1.25; }
        header.site .sub { margin: 4px 0 0; color: var(--muted); }
        .summary { margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; color: var(--muted); }
        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; color: #fff; font-size: .78rem;
          font-weight: 600; letter-spacing: .02em; white-space: nowrap; vertical-align: middle;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .badge.verdict { white-space: normal; border-radius: 10px; }
        .badge .tally { font-weight: 400; white-space: nowrap; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 18px; padding: 0; margin: 0; list-style: none; }
        .card { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; background: var(--bg);
          display: flex; flex-direction: column; break-inside: avoid; }
        .card:hover { box-shadow: 0 2px 10px rgba(31,35,40,.12); }
        .card.failed { border-color: #cf222e; border-width: 2px; }
        .card.differs { border-color: #cf222e; border-width: 3px; border-style: double; }
        .differs-list { margin: 8px 0 0; color: #cf222e; }
        .card.needsData { border-color: #8250df; border-width: 2px; border-style: dashed; }
        .card .thumb { display: block; aspect-ratio: 900 / 560; background: var(--panel); border-bottom: 1px solid var(--line);
          display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: .9rem; overflow: hidden; }
        .card .thumb img { width: 100%; height: 100%; object-fit: contain; background: #fff; }
        .card .body { padding: 10px 14px 12px; display: flex; flex-direction: column; gap: 4px; flex: 1; }
        .card .ref { color: var(--muted); font-size: .82rem; }
        .card h2 { font-size: 1.02rem; margin: 0; line-height: 1.3; }
        .card .meta { margin-top: auto; padding-top: 6px; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center;
          font-size: .82rem; color: var(--muted); }
        .card .detail { font-size: .84rem; color: var(--muted); }
        code, pre, kbd { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .86em; }
        pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
          overflow-x: auto; white-space: pre; line-height: 1.45; }
        pre code { font-size: inherit; }
        pre.command { white-space: pre-wrap; word-break: break-all; user-select: all; -webkit-user-select: all; }
        nav.crumbs { font-size: .9rem; color: var(--muted); margin-bottom: 6px; }
        main.page h1 { margin: 0 0 6px; font-size: 1.55rem; line-height: 1.25; }
        main.page h2 { font-size: 1.12rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .statusline { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; color: var(--muted); font-size: .92rem; }
        figure { margin: 18px 0 8px; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        figcaption { margin-top: 6px; font-size: .88rem; color: var(--muted); }
        .caption { font-size: 1rem; max-width: 78ch; }
        .card-caption { font-size: .85rem; color: var(--muted); margin: 4px 0 6px; }
        .callout { border-left: 4px solid; border-radius: 4px; padding: 8px 14px; margin: 14px 0; background: var(--panel); }
        .callout.failed { border-color: #cf222e; background: #ffebe9; }
        .callout.needsData { border-color: #8250df; background: #fbefff; }
        .callout.stale { border-color: #9a6700; background: #fff8c5; }
        .callout ul, .callout ol { margin: 6px 0 0; padding-left: 22px; }
        table { border-collapse: collapse; margin: 8px 0; font-size: .9rem; display: block; overflow-x: auto; max-width: 100%; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: var(--panel); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        dl.prov { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
        dl.prov dt { font-weight: 600; color: var(--muted); }
        dl.prov dd { margin: 0; overflow-wrap: anywhere; }
        ul.files { padding-left: 20px; }
        .muted { color: var(--muted); }
        img.broken { min-height: 60px; min-width: 120px; border: 2px dashed #cf222e; }
        .broken-note { display: block; color: #cf222e; font-weight: 600; font-size: .9rem; margin: 4px 0; }
        footer { color: var(--muted); font-size: .82rem; border-top: 1px solid var(--line); margin-top: 36px; }
        @media (max-width: 600px) { .wrap { padding: 12px 14px; } dl.prov { grid-template-columns: 1fr; } }
        @media print {
          body { font-size: 11pt; }
          header.site { background: none; }
          .card:hover { box-shadow: none; }
          a { color: inherit; }
          pre { white-space: pre-wrap; word-break: break-all; }
          figure, table, pre, .card { break-inside: avoid; }
        }
        """
}
