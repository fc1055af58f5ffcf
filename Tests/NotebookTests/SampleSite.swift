import Foundation
import Notebook

/// Sites and image files used across the notebook tests.
enum SampleSite {
    /// A fresh page, a failed one, one that needs data, and one not yet run.
    static func site(text: String? = nil) -> NotebookSite {
        func t(_ s: String) -> String { text ?? s }
        let fresh = FigurePage(
            id: "fig-3b", title: t("Memory capacity vs. delay"), paper: t("Jaeger 2001"), item: t("Fig. 3b"),
            caption: t("Mean ± s.d. over 5 seeds; dashed line: chance."), status: .fresh,
            statusDetail: t("all 12 jobs fresh"), runtimeSeconds: 754.2, key: t("9f86d081884c7d659a2feaa0c55ad015"),
            images: [PageImage(svg: "curves.svg", png: "curves.png", alt: t("Memory capacity curves"))],
            tables: [PageTable(caption: t("Capacity"), header: [t("delay"), t("MC")], rows: [[t("1"), t("0.98")], [t("10"), t("0.41")]])],
            notes: [t("2 of 6 runs diverged at T = 500")],
            configYAML: t("experiment: memory-capacity\ntraining:\n  lr: 0.001\n"),
            provenance: [ProvenanceItem(label: t("git commit"), value: t("2c099e9")), ProvenanceItem(label: t("host"), value: t("builder"))],
            rerunCommand: t("repro run fig-3b --config configs/fig-3b.yaml"),
            files: [PageFile(label: t("script"), path: "curves.gp"), PageFile(label: t("data"), path: "curves.1-1.dat")],
            comparison: text,
            jobs: [PageJob(name: t("train seed=1"), status: t("fresh"), seconds: 61.5, key: t("abcdef0123456789abcdef"))],
            verdicts: [PageVerdict(against: "archive", verdict: "agrees"),
                       PageVerdict(against: "paper", verdict: "not comparable", tally: t("8 agrees, 40 not comparable"))])
        let failed = FigurePage(
            id: "fig-4", title: t("Lyapunov spectrum"), paper: t("Sussillo 2013"), item: t("Fig. 4"), status: .failed,
            statusDetail: t("1 of 3 jobs failed"), runtimeSeconds: 3.2,
            failures: [PageFailure(job: t("spectrum seed=2"), kind: t("diverged"), message: t("loss became NaN at step 812"))],
            rerunCommand: t("repro run fig-4"))
        let needsData = FigurePage(
            id: "table-2", title: t("Benchmark accuracy"), paper: t("Graves 2014"), item: t("Table 2"), status: .needsData,
            statusDetail: t("dataset missing"),
            needsData: [t("Download TIMIT and place it in datasets/timit/ (see PROTOCOLS.md).")])
        let notRun = FigurePage(id: "fig-5", title: t("Flow field"), paper: t("Sussillo 2013"), item: t("Fig. 5"), status: .notRun)
        return NotebookSite(
            title: t("PaperRepro notebook"), subtitle: t("Reproduced figures of RNN papers"),
            generatedAt: t("2026-11-22 10:45 UTC"), pages: [fresh, failed, needsData, notRun])
    }

    /// Writes the image and data files the sample site links to.
    static func writeAssets(in figures: URL) throws {
        let dir = figures.appendingPathComponent("fig-3b")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try svg.write(to: dir.appendingPathComponent("curves.svg"), atomically: true, encoding: .utf8)
        try png(at: dir.appendingPathComponent("curves.png"))
        try "plot 'curves.1-1.dat'\n".write(to: dir.appendingPathComponent("curves.gp"), atomically: true, encoding: .utf8)
        try "# x\ty\n1\t2\n".write(to: dir.appendingPathComponent("curves.1-1.dat"), atomically: true, encoding: .utf8)
    }

    static let svg = """
        <?xml version="1.0" encoding="utf-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="900" height="560" viewBox="0 0 900 560">
        <rect width="900" height="560" fill="white"/>
        <polyline points="80,480 200,300 320,220 440,180 560,160 680,150 800,146" fill="none" stroke="#0072B2" stroke-width="3"/>
        <polyline points="80,480 200,380 320,330 440,300 560,290 680,282 800,280" fill="none" stroke="#D55E00" stroke-width="3" stroke-dasharray="8 6"/>
        <line x1="80" y1="480" x2="820" y2="480" stroke="black"/><line x1="80" y1="60" x2="80" y2="480" stroke="black"/>
        <text x="450" y="40" text-anchor="middle" font-family="sans-serif" font-size="22">Hand-written test figure</text>
        </svg>
        """

    /// A real plot from gnuplot when it is installed, otherwise a hand-written 1×1 PNG.
    static func png(at url: URL) throws {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/gnuplot")
            process.arguments = ["-e", "set terminal pngcairo size 900,560; set output '\(url.lastPathComponent)'; plot sin(x) lw 2, cos(x) lw 2"]
            process.currentDirectoryURL = url.deletingLastPathComponent()
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus == 0 { return }
        }
        let onePixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
        try Data(base64Encoded: onePixel)!.write(to: url)
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("NotebookTests-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every `href`/`src` value of an HTML file.
    static func links(in html: String) -> [String] {
        html.matches(of: /(?:href|src)="([^"]*)"/).map { String($0.output.1) }
    }
}
