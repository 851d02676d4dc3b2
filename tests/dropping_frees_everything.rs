//! Dropping a parsed document gives back every byte its parse allocated: a section marked as
//! borrowing all its labels lets its rows go without reading them, and a wrong mark would leak
//! the owned ones (wrapped entries, labels whose spacing was normalised). Counted by a global
//! allocator of this test binary's own, which holds a single test so that nothing else runs
//! while it counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use annex_audit::source::Source;

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed to the system allocator as it came; only the counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: the caller's contract is System's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn dropping_a_parsed_document_frees_all_it_allocated() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = [fixtures.clone(), fixtures.join("regressions")]
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).expect("a fixtures folder"))
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.is_file() && path.extension().is_none_or(|ext| ext != "json"))
        .collect();
    paths.sort();
    let mut with_owned_labels = 0;
    for path in &paths {
        let bytes = std::fs::read(path).expect("a readable fixture");
        let source = Source::decode(path.display().to_string(), bytes);
        // Once first, for what is allocated once per process (the table of official regions).
        drop(annex_audit::parse::parse(&source));
        let before = LIVE_BYTES.load(Ordering::SeqCst);
        let document = annex_audit::parse::parse(&source);
        with_owned_labels += usize::from(
            document
                .regions
                .iter()
                .flat_map(|section| &section.rows)
                .any(|row| row.label.is_owned()),
        );
        drop(document);
        let after = LIVE_BYTES.load(Ordering::SeqCst);
        assert_eq!(
            after,
            before,
            "{} leaves {} bytes",
            path.display(),
            after - before
        );
    }
    assert!(
        with_owned_labels >= 3,
        "only {with_owned_labels} fixtures have owned labels"
    );
}
