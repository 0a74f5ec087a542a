// Theme label names: the server fills these in from backend/core/labels.py when it serves this
// file, so the rep app and the analyst pages call every label by the same name.
export const LABELS = __LABEL_TITLES__;
