#!/usr/bin/env python3
"""Generate the defect-severity sample project data for Concord.

Writes, next to this script:
  items.csv      id,text,line,shift,batch                 (shown to labelers)
  reference.csv  id,label,confusable_with,difficulty      (hidden; used by the demo simulator)

The texts imitate free-text visual inspection notes from a metal-parts line: lines A and B
weld steel brackets, line C makes castings. For each note the generator first decides the
true severity (none < cosmetic < minor < major < critical) and the defect behind it, then
picks a measurement consistent with the thresholds in Guidelines/defect-severity.md and
writes the note in the inspector's style. Night-shift notes are terser and vaguer.
`difficulty` grows with closeness to a threshold, hedged or missing measurements,
conflicting verdicts and illegible writing; `confusable_with` is mostly the adjacent level
on the other side of the nearest threshold.

Python 3.11 standard library only. Fully deterministic: running it again gives
byte-identical files.

    python3 data/generate.py
"""

import csv
import os
import random

SEED = 20261122
N_ITEMS = 800
N_BATCHES = 60

LEVELS = ["none", "cosmetic", "minor", "major", "critical"]
RANK = {name: i for i, name in enumerate(LEVELS)}
INF = float("inf")

# Measured defects: (measured quantity, [(upper bound inclusive, level), ...]).
# These are the thresholds written in the guideline. A value exactly on a bound belongs to
# the lower level ("at the limit is within the limit").
MEASURED = {
    "undercut": ("deep", [(0.2, "cosmetic"), (0.5, "minor"), (1.0, "major"), (INF, "critical")]),
    "porosity": ("dia", [(0.5, "cosmetic"), (1.5, "minor"), (3.0, "major"), (INF, "critical")]),
    "burr": ("high", [(0.3, "cosmetic"), (1.0, "minor"), (INF, "major")]),
    "scratch": ("deep", [(0.1, "cosmetic"), (0.3, "minor"), (INF, "major")]),
    "dent": ("deep", [(0.5, "cosmetic"), (1.0, "minor"), (INF, "major")]),
    "misalignment": ("offset", [(0.5, "none"), (1.0, "minor"), (3.0, "major"), (INF, "critical")]),
    "corrosion": ("dia", [(5.0, "cosmetic"), (INF, "minor")]),
}
# Plausible measurement range per defect (mm).
RANGE = {"undercut": (0.05, 1.6), "porosity": (0.2, 4.5), "burr": (0.1, 2.0),
         "scratch": (0.02, 0.6), "dent": (0.1, 2.5), "misalignment": (0.1, 4.5),
         "corrosion": (1.0, 15.0)}

# Which defects can produce each severity, with weights per line type.
CAUSES = {
    "weld": {
        "cosmetic": {"spatter": 5, "scratch": 4, "undercut": 2, "porosity": 2, "burr": 2,
                     "dent": 2, "corrosion": 2},
        "minor": {"undercut": 5, "porosity": 4, "burr": 3, "spatter": 2, "scratch": 2,
                  "dent": 2, "misalignment": 3, "corrosion": 2},
        "major": {"undercut": 4, "porosity": 3, "misalignment": 3, "burr": 2, "dent": 2,
                  "scratch": 1, "spatter": 1, "corrosion": 1},
        "critical": {"crack": 4, "incomplete fusion": 4, "undercut": 1, "porosity": 1,
                     "misalignment": 1},
    },
    "cast": {
        "cosmetic": {"scratch": 4, "burr": 3, "porosity": 3, "dent": 3, "corrosion": 2},
        "minor": {"porosity": 5, "burr": 4, "scratch": 2, "dent": 3, "misalignment": 2,
                  "corrosion": 2},
        "major": {"porosity": 5, "burr": 2, "dent": 2, "scratch": 2, "misalignment": 3,
                  "corrosion": 1},
        "critical": {"crack": 6, "porosity": 2, "misalignment": 1},
    },
}

SEAM_LOCS = ["weld toe", "WT", "root", "weld root", "cap", "fillet weld LH side",
             "fillet weld RH side", "start of weld", "weld stop", "HAZ", "gusset weld",
             "corner weld", "tack weld 2", "pos 3", "pos 1"]
WELD_LOCS = SEAM_LOCS + ["flange edge", "mounting hole 2", "slot edge", "outer face",
                         "underside", "LH flange", "RH flange", "bracket corner", "back face"]
SEAM_DEFECTS = {"undercut", "spatter", "incomplete fusion"}  # only found on the weld itself
CAST_LOCS = ["boss face", "bore", "rib", "sprue area", "parting line", "flange face",
             "mounting face", "core area", "thread M8 hole", "outer wall", "fillet radius",
             "riser contact", "seal face", "pos 4", "LH lug", "RH lug", "inner wall"]
FUNCTIONAL_LOCS = {"mounting hole 2", "bore", "flange face", "mounting face", "seal face",
                   "thread M8 hole", "slot edge", "boss face"}

PARTS = {"A": ["BR-220", "BR-224", "BR-310"], "B": ["BR-410", "BR-415", "GP-12"],
         "C": ["HC-77", "HC-80", "VB-5"]}

INSPECTORS_DAY = ["jk", "mr", "ts", "al", "pd"]
INSPECTORS_NIGHT = ["rb", "vh", "ko"]


def fmt_mm(x):
    s = ("%.2f" % x).rstrip("0").rstrip(".")
    if s.startswith("0."):
        return s
    return s


def level_of(defect, value):
    for bound, level in MEASURED[defect][1]:
        if value <= bound + 1e-9:
            return level
    raise ValueError


def interval_of(defect, level):
    lo = 0.0
    for bound, lev in MEASURED[defect][1]:
        if lev == level:
            return lo, bound
        lo = bound
    return None


def nearest_threshold(defect, value):
    """Distance (relative) to the closest bound and the level on its other side."""
    best = (INF, None)
    bounds = MEASURED[defect][1]
    for i, (bound, lev) in enumerate(bounds[:-1]):
        rel = abs(value - bound) / bound
        other = bounds[i + 1][1] if value <= bound + 1e-9 else lev
        if rel < best[0]:
            best = (rel, other)
    return best


def round_meas(defect, x, rng):
    if defect == "corrosion":
        return float(max(1, round(x)))
    step = 0.05 if x < 1.0 else 0.1
    if defect in ("scratch",) and x < 0.2:
        step = 0.01 if rng.random() < 0.5 else 0.02
    return round(round(x / step) * step, 2)


def sample_value(defect, level, rng, near_bound):
    """A measurement inside the level's interval; near_bound pulls it next to a threshold."""
    lo, hi = interval_of(defect, level)
    rlo, rhi = RANGE[defect]
    lo_eff, hi_eff = max(lo, rlo), min(hi, rhi)
    for _ in range(50):
        if near_bound:
            edges = [b for b in (lo, hi) if rlo < b < rhi and b != INF and b > 0]
            edge = rng.choice(edges)
            x = edge * (1 + rng.uniform(-0.12, 0.12))
            if rng.random() < 0.25:
                x = edge  # exactly on the limit
        else:
            x = rng.uniform(lo_eff, hi_eff)
        x = round_meas(defect, x, rng)
        if x > 0 and level_of(defect, x) == level:
            return x
    return round_meas(defect, (lo_eff + hi_eff) / 2, rng)


# ---------------------------------------------------------------------------------------
# Phrases for each defect, written the way inspectors write them.
# ---------------------------------------------------------------------------------------
NAMES = {
    "undercut": (["undercut", "UC", "undercut"], ["UC", "u/c", "undercut"]),
    "porosity": (["porosity", "pore", "gas pore", "porosity"], ["poros", "pore", "por."]),
    "burr": (["burr", "burr", "raised burr"], ["burr", "brr"]),
    "scratch": (["scratch", "scratch", "score mark"], ["scr", "scratch"]),
    "dent": (["dent", "dent", "ding"], ["dent", "ding"]),
    "misalignment": (["misalignment", "offset", "mismatch"], ["misalign", "offset", "mis-al"]),
    "corrosion": (["corrosion spot", "rust spot", "surface rust"], ["rust", "corr spot"]),
}
QTY_WORD = {"deep": "deep", "dia": "dia", "high": "high", "offset": ""}

# Acceptance limit ("tol" in the notes): the bound between minor and major.
TOL = {"undercut": "0.5", "misalignment": "1.0", "burr": "1.0", "porosity": "1.5",
       "dent": "1.0", "scratch": "0.3"}


def measured_note(defect, value, loc, night, hedge, rng, verdict):
    quantity = MEASURED[defect][0]
    name = rng.choice(NAMES[defect][1 if night else 0])
    v = fmt_mm(value)
    if hedge:
        v = rng.choice(["~" + v, "approx " + v, v + "?", "maybe " + v, "about " + v])
    unit = "mm" if rng.random() < 0.85 else " mm"
    qword = QTY_WORD[quantity]
    if defect == "corrosion":
        meas = "%s%s dia" % (v, unit)
    elif defect == "porosity" and name != "pore" and rng.random() < 0.4:
        meas = "single pore %s%s" % (v, unit)
    elif qword:
        meas = "%s%s %s" % (v, unit, qword)
    else:
        meas = "%s%s" % (v, unit)
    if night:
        forms = ["{name} {loc} {meas}", "{name} @ {loc} {meas}", "{loc} {name} {meas}",
                 "{name} {meas} {loc}"]
    else:
        forms = ["{name} at {loc}, {meas}", "{name} on {loc}, {meas}",
                 "found {name} at {loc} - {meas}", "{loc}: {name} {meas}",
                 "{name} {meas} at {loc}", "visual: {name} near {loc}, measured {meas}"]
    text = rng.choice(forms).format(name=name, loc=loc, meas=meas)
    if defect in ("undercut", "dent", "scratch", "burr") and not night and rng.random() < 0.5:
        text += ", length %dmm" % rng.choice([3, 4, 5, 6, 8, 10, 12, 15, 20, 25])
    if defect == "corrosion" and rng.random() < 0.6:
        if value <= 5:
            text += rng.choice([", wipes off", ", surface only", ", light orange bloom"])
        else:
            text += rng.choice([", does not wipe off", ", needs blasting", ", no pitting seen"])
    if verdict:
        text += verdict
    return text


def verdict_for(defect, level, value, night, rng, lie=False):
    """The inspector's own verdict, if written. With lie=True it contradicts the numbers."""
    tol = TOL.get(defect)
    in_tol = RANK[level] <= RANK["minor"]
    if lie:
        in_tol = not in_tol
    if tol is None:
        return ""
    r = rng.random()
    if r < (0.45 if night else 0.35):
        return ""
    if in_tol:
        opts = [" (tol %s) ok" % tol, ", in tol", ", within tol %s" % tol, ", ok",
                ", accept"] if not night else [" ok", " in tol", " ok?"]
    else:
        opts = [" - OOT (tol %s)" % tol, ", out of tol", ", exceeds %s limit" % tol,
                ", reject", ", rework"] if not night else [" OOT", " nok", " rej"]
    return rng.choice(opts)


SPATTER = {
    "cosmetic": ["loose spatter on {loc}, brushed off", "light spatter {loc}, removable",
                 "few spatter balls on outer face, no effect", "spatter {loc}, cleaned"],
    "minor": ["fused spatter on {loc}, needs grinding", "spatter stuck near mounting hole 2, "
              "not in hole", "spatter on flange mating face, grind flush",
              "heavy spatter {loc}, chisel needed"],
    "major": ["spatter in thread of M8 nut, bolt will not start",
              "spatter blob inside mounting hole 2, pin gauge does not pass",
              "spatter fused in slot, mating part won't seat"],
}
SPATTER_NIGHT = {
    "cosmetic": ["spatter, brushed", "spatter {loc} ok", "lt spatter"],
    "minor": ["fused spatter {loc}", "spatter on mating face", "spatter nr hole 2"],
    "major": ["spatter in thread", "spatter in hole, gauge nogo", "spatter slot - no fit"],
}
CRACK = {
    True: ["crack at {loc}, approx {n}mm long", "linear crack {loc} {n}mm, confirmed w/ dye pen",
           "crater crack at weld stop", "hairline crack {loc}, visible w/o magnification",
           "crack through {loc}, QA hold", "transverse crack in {loc} ~{n}mm"],
    False: ["crk {loc} {n}mm", "crack {loc}!!", "crater crk", "crack? {loc} - HOLD"],
}
FUSION = {
    True: ["incomplete fusion at {loc}, ~{n}mm, sidewall not wetted",
           "lack of fusion visible at root, {n}mm", "cold lap at {loc}, no fusion at toe",
           "incomplete fusion {loc}, bead sitting on top of plate"],
    False: ["LOF {loc}", "no fusion @ root {n}mm", "cold lap {loc}"],
}
SUSPECT_CRACK = ["possible crack at {loc}? could be a scratch, need dye pen",
                 "linear indication {loc}, crack not ruled out", "looks like a crack "
                 "at {loc} but hard to tell under this light", "fine line at {loc}, "
                 "maybe crack maybe grinding mark"]
SUSPECT_CRACK_NIGHT = ["crack??", "line @ {loc} crack?", "poss crk {loc}"]
SUSPECT_FUSION = ["root looks cold, suspect incomplete fusion, can't see inside",
                  "toe not wetted on {loc}, maybe lack of fusion", "bead profile odd at "
                  "{loc}, possible cold lap"]

NONE_NOTES = ["no defects found", "visual ok", "all welds ok, no UC no porosity",
              "weld profile good, bead uniform", "checked all features, ok", "NDF",
              "no visible defects, dims ok", "ok - accept", "surface clean, no indications",
              "welds complete and uniform, nothing to report", "casting clean, no porosity seen",
              "part ok", "visual + gauge ok", "nothing found", "no issues"]
NONE_NOTES_NIGHT = ["ok", "NDF", "ok.", "good", "no def", "vis ok", "acc", "ok ok"]
PROCESS_MARKS = {
    "weld": ["heat tint along weld, normal", "light grinding marks on cap, part of finish",
             "slight discoloration HAZ, normal for process",
             "tool marks from fixture clamp, no depth", "blue heat tint near weld stop only",
             "weld ripples on cap, normal bead texture"],
    "cast": ["witness mark from ejector pin, as designed", "parting line flash within dwg limit",
             "sand texture on outer wall, normal as-cast finish", "gate stub ground flush, ok",
             "light tool marks on boss face from machining, no depth"],
}
# Vague notes: the wording leans low, high, or not at all.
VAGUE = {
    "low": ["{defect} at {loc}, looks small", "bit of {defect} on {loc}",
            "{defect} on {loc}, probably fine", "tiny {defect} near {loc}, didn't measure"],
    "mid": ["looks a bit off near the {loc}, hard to tell under this light",
            "something at {loc}, didn't measure", "{defect} at {loc}, not sure how deep",
            "{defect} {loc}, might need a second opinion", "{defect} visible at {loc}, moderate",
            "not happy with {loc}, {defect}?"],
    "high": ["{defect} near {loc}, seems worse than usual", "{defect} {loc}, noticeable",
             "{defect} at {loc}, looks bad, no gauge at station", "big {defect} on {loc}"],
}
VAGUE_NIGHT = {
    "low": ["{defect} {loc} sm", "{defect} ok-ish", "lt {defect} {loc}"],
    "mid": ["{defect}? {loc}", "{loc} looks off", "{defect} - chk", "{loc} ??", "some {defect}"],
    "high": ["{defect} bad-ish", "{defect} {loc} big?", "{defect} {loc}!"],
}
LEAN = {"cosmetic": ["low", "low", "mid"], "minor": ["low", "mid", "mid", "high"],
        "major": ["mid", "high", "high"], "critical": ["high", "mid"]}


def vague_note(level, defect_name, loc, night, rng, top=4):
    """A note without a measurement, and the level a labeler is most likely to pick instead.
    top is the highest rank the defect can reach (a scratch is never critical)."""
    lean = rng.choice(LEAN[level])
    text = rng.choice((VAGUE_NIGHT if night else VAGUE)[lean]).format(loc=loc, defect=defect_name)
    r = RANK[level]
    below = [r - 1] if r > 1 else []
    above = [r + 1] if r < top else []
    if lean == "low":
        alt = (below or above)[0]
    elif lean == "high":
        alt = (above or below)[0]
    else:
        alt = rng.choice(below + above)
    # The guideline reads low/mid/high wording as cosmetic/minor/major; the further the
    # truth is from that reading, the harder the note.
    gap = abs(r - {"low": 1, "mid": 2, "high": 3}[lean])
    diff = [0.3, 0.55, 0.65, 0.7][gap] + rng.uniform(0.0, 0.2)
    return text, LEVELS[alt], diff


GARBLED = ["illegible - see photo", "?? {loc} ... ck w/ QA", "smudged, can't read",
           "p0r0s1ty n3ar w3ld r00t ~?? mm", "xx lf 3 ?? re-ins", "see photo (photo missing)",
           "[note torn]", "un.. @ {loc} 0.?mm ..", "ck ck ?? rej/acc ?", "wrt later",
           "{defect} ... (rest illegible)", "— — —", "s/a prev", "same"]


def crack_len(rng):
    return rng.choice([1, 2, 2, 3, 4, 5, 6, 8, 10, 15])


def make_note(line, night, batch_q, rng):
    """Returns (text, label, confusable, difficulty)."""
    kind = "cast" if line == "C" else "weld"
    locs = CAST_LOCS if kind == "cast" else WELD_LOCS

    # True severity, shifted by the batch's quality.
    w = [30, 21, 23, 16, 6]
    if batch_q > 0:
        w = [30 - 10 * batch_q, 21, 23 + 3 * batch_q, 16 + 5 * batch_q, 6 + 3 * batch_q]
    level = rng.choices(LEVELS, weights=w)[0]

    # Illegible notes: the severity is lost.
    if rng.random() < (0.06 if night else 0.02):
        tmpl = rng.choice(GARBLED)
        if level == "none":
            defect = rng.choice(["scratch", "burr", "spatter" if kind == "weld" else "dent"])
        else:
            causes = CAUSES[kind][level]
            defect = rng.choices(list(causes), weights=list(causes.values()))[0]
        text = tmpl.format(loc=rng.choice(locs), defect=defect)
        hint = "{defect}" in tmpl or "0.?" in tmpl or "p0r0s1ty" in tmpl
        conf = level if hint and level != "none" else ""
        diff = rng.uniform(0.35, 0.55) if hint else rng.uniform(0.08, 0.25)
        return text, "unintelligible", conf, diff

    loc = rng.choice(locs)
    vague_p = 0.32 if night else 0.12

    if level == "none":
        r = rng.random()
        if r < 0.18:
            text = rng.choice(PROCESS_MARKS[kind])
            return text, "none", "cosmetic", rng.uniform(0.3, 0.45)
        if r < 0.32:
            value = sample_value("misalignment", "none", rng, near_bound=rng.random() < 0.4)
            name = "offset" if night else rng.choice(["misalignment", "offset", "fit-up offset"])
            text = "%s %smm%s" % (name, fmt_mm(value),
                                  rng.choice([", in tol", " ok", "", ", within 1.0 tol"]))
            rel, other = nearest_threshold("misalignment", value)
            diff = 0.1 + (0.35 if rel <= 0.12 else 0.0)
            return text, "none", (other if rel <= 0.12 else ""), diff
        text = rng.choice(NONE_NOTES_NIGHT if night else NONE_NOTES)
        return text, "none", "", rng.uniform(0.0, 0.06)

    causes = CAUSES[kind][level]
    defect = rng.choices(list(causes), weights=list(causes.values()))[0]
    if kind == "weld" and (defect in SEAM_DEFECTS or defect in ("porosity", "crack")):
        loc = rng.choice(SEAM_LOCS)
    conf, diff = "", 0.05

    if defect in ("crack", "incomplete fusion"):
        suspect = rng.random() < (0.35 if night else 0.2)
        n = crack_len(rng)
        if suspect:
            pool = SUSPECT_CRACK if defect == "crack" else SUSPECT_FUSION
            if night and defect == "crack":
                pool = SUSPECT_CRACK_NIGHT
            text = rng.choice(pool).format(loc=loc, n=n)
            conf, diff = "major", rng.uniform(0.5, 0.7)
        else:
            pool = (CRACK if defect == "crack" else FUSION)[not night]
            text = rng.choice(pool).format(loc=loc, n=n)
            diff = rng.uniform(0.02, 0.1)
            if defect == "crack" and n <= 2:
                conf, diff = "major", rng.uniform(0.15, 0.3)
    elif defect == "spatter":
        if rng.random() < vague_p:
            text, conf, diff = vague_note(level, "spatter", loc, night, rng, top=3)
        else:
            text = rng.choice((SPATTER_NIGHT if night else SPATTER)[level]).format(loc=loc)
            diff = rng.uniform(0.05, 0.2) + (0.1 if night else 0.0)
            if level == "minor" and rng.random() < 0.4:
                conf, diff = rng.choice(["cosmetic", "major"]), diff + 0.2
    elif defect == "corrosion" and level in ("major", "critical"):
        depth = rng.choice([0.3, 0.4, 0.5, 0.6, 0.8])
        text = ("corrosion pitting {loc}, pits up to {d}mm deep" if not night
                else "pitting {loc} {d}mm").format(loc=loc, d=depth)
        conf = "minor" if depth <= 0.35 else ""
        diff = 0.35 if conf else rng.uniform(0.08, 0.2)
    else:
        # A measured defect. Vague notes drop the number.
        if rng.random() < vague_p:
            name = rng.choice(NAMES[defect][1 if night else 0])
            top = RANK[MEASURED[defect][1][-1][1]]
            text, conf, diff = vague_note(level, name, loc, night, rng, top)
        else:
            functional = False
            if defect in ("burr", "dent", "scratch"):
                # Size alone sets the level only away from functional surfaces.
                loc = rng.choice([x for x in locs if x not in FUNCTIONAL_LOCS])
            near = rng.random() < (0.30 if not night else 0.38)
            value = sample_value(defect, level, rng, near)
            # Burr/dent/scratch on a functional surface is one level worse (guideline rule).
            if defect in ("burr", "dent", "scratch") and level == "major" and rng.random() < 0.3:
                value = sample_value(defect, "minor", rng, False)
                loc = rng.choice(sorted(FUNCTIONAL_LOCS & set(locs)))
                functional = True
            hedge = rng.random() < (0.35 if night else 0.12)
            lie = rng.random() < 0.06
            verdict = verdict_for(defect, level, value, night, rng, lie=lie)
            text = measured_note(defect, value, loc, night, hedge, rng, verdict)
            if functional:
                text += rng.choice([", on mating face", ", affects fit", ", on sealing face"]) \
                    if not night else " mating face"
            rel, other = nearest_threshold(defect, value)
            diff = rng.uniform(0.03, 0.12)
            if rel <= 0.12 and not functional:
                conf = other
                diff += 0.30 if rel <= 0.05 else 0.2
            if functional:
                conf, diff = "minor", diff + 0.3
            if hedge:
                diff += 0.12
                if not conf:
                    conf = other if rel <= 0.3 else ""
            if lie and verdict:
                conf = conf or LEVELS[max(1, min(4, RANK[level] + (-1 if RANK[level] >= 3 else 1)))]
                diff += 0.25
            if night:
                diff += 0.06

    # A second, lesser defect in the same note (the worst one sets the level).
    if rng.random() < 0.18 and RANK[level] >= 2:
        extra = rng.choice(["spatter brushed off", "light scratch on outer face",
                            "burr 0.2mm on edge, deburred", "small ding 0.3mm back face"]
                           if not night else ["+ spatter", "+ lt scr", "+ burr deburred"])
        text = "%s; %s" % (text, extra) if not night else "%s %s" % (text, extra)
        diff += 0.04
    if night and rng.random() < 0.15:
        text = text.replace(", ", " ").replace(" - ", " ")
    return text, level, conf, diff


def main():
    rng = random.Random(SEED)

    # Batches: sequential numbers with gaps, each on one line, sizes 5..25 summing to N_ITEMS.
    seqs = sorted(rng.sample(range(101, 260), N_BATCHES))
    sizes = [rng.randint(5, 25) for _ in seqs]
    while sum(sizes) != N_ITEMS:
        i = rng.randrange(N_BATCHES)
        if sum(sizes) > N_ITEMS and sizes[i] > 5:
            sizes[i] -= 1
        elif sum(sizes) < N_ITEMS and sizes[i] < 25:
            sizes[i] += 1
    batches = []
    for seq, size in zip(seqs, sizes):
        line = rng.choices(["A", "B", "C"], weights=[40, 35, 25])[0]
        # Most batches run on one shift; some straddle the change of shift.
        r = rng.random()
        night_share = 0.0 if r < 0.4 else 1.0 if r < 0.75 else rng.uniform(0.3, 0.7)
        quality = rng.choices([0, 1, 2], weights=[70, 22, 8])[0]  # 2 = bad batch
        batches.append({"id": "B2026-%03d" % seq, "n": size, "line": line,
                        "night_share": night_share, "quality": quality})

    items, refs = [], []
    n = 0
    for b in batches:
        shifts = ["night" if rng.random() < b["night_share"] else "day" for _ in range(b["n"])]
        shifts.sort()  # the day shift inspects first in the log
        for shift in shifts:
            n += 1
            night = shift == "night"
            text, label, conf, diff = make_note(b["line"], night, b["quality"], rng)
            if conf == label:
                conf = ""
            diff = round(min(0.95, max(0.0, diff)), 2)
            item_id = "ds%04d" % n
            items.append([item_id, text, b["line"], shift, b["id"]])
            refs.append([item_id, label, conf, "%.2f" % diff])

    here = os.path.dirname(os.path.abspath(__file__))
    write_csv(os.path.join(here, "items.csv"), ["id", "text", "line", "shift", "batch"], items)
    write_csv(os.path.join(here, "reference.csv"),
              ["id", "label", "confusable_with", "difficulty"], refs)


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
