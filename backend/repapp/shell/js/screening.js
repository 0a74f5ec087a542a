// Screening at capture, on the device: likely patient identifiers and a possible adverse event.
// It is a safety net before the note leaves the phone, not a judge: the server's tagging,
// pulled back with the note, is the final word.

const PII_RULES = [
  { kind: "EMAIL", label: "e-mail address", re: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  {
    kind: "DOB", label: "date of birth",
    re: /\b(?:DOB|D\.O\.B\.?|born(?: on)?|birth ?date|date of birth|b\.)\s*[:-]?\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4})/gi,
    group: 1,
  },
  // A full date in the last century is far more often a birth date than a visit date.
  { kind: "DOB", label: "date of birth", re: /\b\d{1,2}[/.-]\d{1,2}[/.-](?:19\d\d|200\d)\b/g },
  {
    kind: "MRN", label: "record number",
    re: /\b(?:MRN|med(?:ical)? rec(?:ord)?(?: (?:no\.?|number|#))?|chart(?: no\.?| #| number)|pt id|patient id)\s*[:#]?\s*([A-Z]{0,3}-?\d[\d-]{3,})/gi,
    group: 1,
  },
  {
    kind: "PHONE", label: "phone number",
    re: /(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b/g,
  },
  {
    kind: "PATIENT_NAME", label: "patient name",
    re: /\b(?:pt\.?|patient|Mr\.?|Mrs\.?|Ms\.?|Miss)\s+((?!(?:He|She|They|The|Was|Is|Has|Had|And|With|On|In|Assistance|Support|Services|Program|Hub|Portal)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/g,
    group: 1,
  },
  {
    kind: "INITIALS", label: "patient initials",
    re: /\b(?:pt\.?|patient)\s+([A-Z]\.?\s?[A-Z]\.?)(?=[\s,;:)]|$)|\b([A-Z]\.[A-Z]\.)(?=[\s,;:)]|$)/g,
    group: [1, 2],
  },
];

/** Likely patient identifiers in `text`: [{start, end, kind, label, text}], no overlaps. */
export function findIdentifiers(text) {
  const found = [];
  for (const rule of PII_RULES) {
    for (const match of text.matchAll(rule.re)) {
      const groups = Array.isArray(rule.group) ? rule.group : [rule.group];
      const group = groups.find((g) => g !== undefined && match[g] !== undefined);
      const part = group === undefined ? match[0] : match[group];
      const start = match.index + (group === undefined ? 0 : match[0].indexOf(part));
      found.push({ start, end: start + part.length, kind: rule.kind, label: rule.label, text: part });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const span of found) {
    if (kept.length && span.start < kept[kept.length - 1].end) continue;
    kept.push(span);
  }
  return kept;
}

/** `text` with the given spans replaced by [KIND]. */
export function removeIdentifiers(text, spans) {
  let out = text;
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, span.start) + `[${span.kind}]` + out.slice(span.end);
  }
  return out;
}

const AE_TERMS = [
  "adverse event", "adverse reaction", "side effect", "reaction", "rash", "hives", "itch",
  "swelling", "swollen", "anaphyla", "hospitali", "er visit", "emergency room", "ed visit",
  "admitted", "nausea", "vomit", "dizz", "faint", "syncope", "seizure", "bleed", "bruis",
  "jaundice", "liver enzyme", "died", "death", "passed away", "overdose", "pregnan",
  "medication error", "wrong dose", "product complaint", "defective", "broken pen", "leaking",
  "malfunction", "injection site", "headache", "palpitation", "shortness of breath",
  "stopped taking", "discontinued due",
];
const NEGATION = /\b(?:no|not|never|without|denies|denied|zero|none|nothing|free of)\b[\w\s,'-]{0,25}$/i;

/** A possible adverse event: a term of harm to a patient or a product complaint that is not
 *  negated just before it ("no side effects so far" is not one). */
export function possibleAdverseEvent(text) {
  const lower = text.toLowerCase();
  const reasons = [];
  for (const term of AE_TERMS) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term, from);
      if (at < 0) break;
      from = at + term.length;
      const before = lower.slice(Math.max(0, at - 40), at);
      const clause = before.split(/[.;!?]/).pop();
      if (!NEGATION.test(clause)) {
        // (indices of `lower` match `text` unless lower-casing changed a length: rare)
        const word = wordAround(lower.length === text.length ? text : lower, at, at + term.length);
        if (!reasons.includes(word)) reasons.push(word);
        break;
      }
    }
  }
  return { possible: reasons.length > 0, reasons };
}

/** The words the rep wrote around a matched term ("dizziness", not the stem "dizz"). */
function wordAround(text, start, end) {
  let from = start;
  let to = end;
  while (from > 0 && /[\w'-]/.test(text[from - 1])) from -= 1;
  while (to < text.length && /[\w'-]/.test(text[to])) to += 1;
  return text.slice(from, to);
}

export const REPORT_WINDOW_MS = 24 * 3600 * 1000;

/** When a possible adverse event must reach drug safety: 24 hours from capture. */
export function reportBy(capturedAt) {
  return new Date(Date.parse(capturedAt) + REPORT_WINDOW_MS);
}
