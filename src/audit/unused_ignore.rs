//! `unused-ignore`: an entry of the ignore file that matches no finding any more.

use super::{Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA014",
    name: "unused-ignore",
    default_severity: Severity::Info,
    doc: RuleDoc {
        summary: "An entry of the ignore file that matched no finding in this run.",
        why: "An ignore entry records a finding a team reviewed and accepted. Once the data is \
              corrected, or the finding changes, the entry silences nothing and should go, or it \
              will silence a future finding nobody reviewed. The finding points at the entry in \
              the ignore file.",
        example: "[[ignore]]\nrule = \"label-variant\"\nregion = \"Alsace\"\ncode = \"52313\"\n\n\
                  (after Alsace's label was corrected)\n→ info: ignore entry matches no finding",
    },
    // Raised by the gate after the audit (src/gate/ignore.rs), not by reading the document.
    check: None,
};
