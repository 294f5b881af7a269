"""bench/results.json as the tables of bench/RESULTS.md (between its markers; the
explanations around them are written by hand)."""

START, END = "<!-- results:start -->", "<!-- results:end -->"
COMMAND = "make bench"


def write_results(results, target):
    table = render(results)
    text = target.read_text() if target.exists() else f"# Benchmark results\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    target.write_text(f"{head}{START}\n{table}\n{END}{tail}")


def render(results):
    sizes = list(results["sizes"])
    small, large = sizes[0], sizes[-1]
    lines = [machine_line(results), ""]
    lines += paths_table(results, small, large)
    lines += [""] + search_lines(results, sizes)
    lines += [""] + reminder_lines(results, sizes)
    lines += [""] + throughput_lines(results, sizes)
    return "\n".join(lines)


def machine_line(results):
    m = results["machine"]
    return (
        f"Measured {results['started']}–{results['finished']} on {m['nproc']} × {m['cpu']}, "
        f"{m['ram_gib']} GiB RAM, PostgreSQL {m['postgresql']}, Python {m['python']}, "
        f"Linux {m['kernel']}, {m['wrk']}. Reproduce: `{COMMAND}`."
    )


def verdict(value, goal, at_most=True):
    if goal is None:
        return ""
    met = value <= goal if at_most else value >= goal
    return "✅" if met else "❌"


def paths_table(results, small, large):
    lines = [
        f"| path | queries {small} / {large} | median ms {small} | floor ms {small} "
        f"| ÷ floor {small} | median ms {large} | p99 ms {large} | floor ms {large} "
        f"(json_agg) | ÷ floor {large} | goal ÷ floor | {large} ÷ {small} (goal ≤ 1.2) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    scale_free = set(results["sizes"][large].get("scale_free", ()))
    for name, at_large in results["sizes"][large]["paths"].items():
        at_small = results["sizes"][small]["paths"][name]
        goal = at_large["goal"]
        growth = at_large["app"]["median_ms"] / at_small["app"]["median_ms"]
        goal_cell = (
            f"≤ {goal} {verdict(at_small['ratio'], goal)}{verdict(at_large['ratio'], goal)}"
            if goal
            else "—"
        )
        growth_cell = (
            f"{growth:.2f} {verdict(growth, 1.2)}" if name in scale_free else f"{growth:.2f}"
        )
        lines.append(
            f"| {name} | {at_small['queries']} / {at_large['queries']} "
            f"| {at_small['app']['median_ms']:.2f} | {at_small['floor_orjson']['median_ms']:.2f} "
            f"| {at_small['ratio']:.2f} | {at_large['app']['median_ms']:.2f} "
            f"| {at_large['app']['p99_ms']:.2f} | {at_large['floor_orjson']['median_ms']:.2f} "
            f"({at_large['floor_json_agg']['median_ms']:.2f}) | {at_large['ratio']:.2f} "
            f"| {goal_cell} | {growth_cell} |"
        )
    return lines


def search_lines(results, sizes):
    lines = [
        "| search (same page of matches) | matches | full text ms | `icontains` ms "
        "| full text faster by (goal ≥ 100× at the largest size) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for size in sizes:
        search = results["sizes"][size]["search"]
        mark = verdict(search["speedup"], 100, at_most=False) if size == sizes[-1] else ""
        lines.append(
            f"| {size} projects | {search['matches']} | {search['full_text']['median_ms']:.2f} "
            f"| {search['icontains']['median_ms']:.2f} | {search['speedup']:.0f}× {mark} |"
        )
    return lines


def reminder_lines(results, sizes):
    lines = [
        "| reminder scan | projects with something due | due items | queries "
        "| find due items: median ms (p99) | floor ms | recipients | tasks enqueued |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for size in sizes:
        r = results["sizes"][size]["reminders"]
        mark = verdict(r["find"]["median_ms"], 10) if size == sizes[-1] else ""
        lines.append(
            f"| {size} projects | {r['projects_with_something_due']} "
            f"({100 * r['share_due']:.1f}%) | {r['due_items']} | {r['queries']} "
            f"| {r['find']['median_ms']:.2f} ({r['find']['p99_ms']:.2f}) {mark} "
            f"| {r['floor']['median_ms']:.2f} | {r['recipients']} | {r['tasks_enqueued']} |"
        )
    return lines


def throughput_lines(results, sizes):
    lines = [
        "| throughput (gunicorn, sync workers, wrk; medians of rounds alternating with the "
        "floor) | req/s | p50 ms | p99 ms | errors "
        "| floor req/s | floor p99 ms | p99 ÷ floor p99 (goal ≤ 1.5 at 4 connections) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for size in sizes:
        for key, runs in results["sizes"][size].get("throughput", {}).items():
            kruz, floor = runs["kruz"], runs["floor"]
            ratio = kruz["p99_ms"] / floor["p99_ms"]
            mark = verdict(ratio, 1.5) if key.endswith("@4") else ""
            lines.append(
                f"| {size} projects: `{key}` | {kruz['requests_per_second']:.0f} "
                f"| {kruz['p50_ms']:.2f} | {kruz['p99_ms']:.2f} | {kruz['errors']} "
                f"| {floor['requests_per_second']:.0f} | {floor['p99_ms']:.2f} "
                f"| {ratio:.2f} {mark} |"
            )
    return lines
