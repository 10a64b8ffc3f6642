//! The course in two languages: every chapter `docs/NAME.md` that `cargo doc` shows has a
//! Korean twin `docs/ko/NAME.md`, shown under `ko` and linked both ways, with as many
//! section headings as the English one. The chapters not yet translated are listed here;
//! the list may only shrink (a chapter added without a twin, or a twin added without
//! taking its chapter off the list, fails).

/// Chapters whose Korean twin is not written yet: each keeps a Korean summary (요약).
const NOT_YET_IN_KOREAN: &[&str] = &[];

/// The pages outside `cargo doc` that have twins too.
const PAGES: &[&str] = &["speed", "saving"];

fn read(path: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The headings of a Markdown file, outside code blocks.
fn headings(text: &str) -> usize {
    let mut in_code = false;
    let mut count = 0;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            count += 1;
        }
    }
    count
}

/// Every chapter `cargo doc` shows: the `docs/NAME.md` files that a source file includes
/// (`src/lib.rs`, and `src/programs/long_memory.rs` for its own chapter), the Korean ones
/// aside.
fn chapters(sources: &str) -> Vec<String> {
    sources
        .lines()
        .filter(|l| l.contains("include_str!("))
        .filter_map(|l| l.split("docs/").nth(1))
        .filter_map(|rest| rest.split(".md\")").next())
        .filter(|name| !name.starts_with("ko/") && !name.contains('"'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_chapter_has_a_korean_twin_with_the_same_sections_or_is_listed_as_not_yet() {
    let lib = read("src/lib.rs");
    let chapters = chapters(&(lib.clone() + &read("src/programs/long_memory.rs")));
    assert!(chapters.len() >= 10, "found {chapters:?}");
    let root = env!("CARGO_MANIFEST_DIR");
    for name in &chapters {
        let twin = format!("docs/ko/{name}.md");
        let exists = std::path::Path::new(&format!("{root}/{twin}")).exists();
        let listed = NOT_YET_IN_KOREAN.contains(&name.as_str());
        assert!(
            exists != listed,
            "docs/{name}.md: {}",
            if exists {
                "its twin exists: take it off NOT_YET_IN_KOREAN"
            } else {
                "it has no Korean twin docs/ko/NAME.md (or list it in NOT_YET_IN_KOREAN)"
            }
        );
        if !exists {
            continue;
        }
        let (en, ko) = (read(&format!("docs/{name}.md")), read(&twin));
        assert_eq!(
            headings(&en),
            headings(&ko),
            "docs/{name}.md and {twin}: the sections differ in number"
        );
        assert!(
            lib.contains(&format!("include_str!(\"../docs/ko/{name}.md\")")),
            "{twin} is not shown in cargo doc"
        );
        assert!(
            en.contains("(crate::ko::"),
            "docs/{name}.md does not link to its twin"
        );
        assert!(
            ko.lines().take(4).any(|l| l.contains("[English](crate::")),
            "{twin} does not link back"
        );
    }
    for name in NOT_YET_IN_KOREAN {
        assert!(
            chapters.iter().any(|c| c == name),
            "{name} is listed but is no chapter"
        );
    }
}

#[test]
fn the_pages_beside_the_course_have_twins_too() {
    for name in PAGES {
        let (en, ko) = (
            read(&format!("docs/{name}.md")),
            read(&format!("docs/ko/{name}.md")),
        );
        assert_eq!(
            headings(&en),
            headings(&ko),
            "docs/{name}.md and its twin: the sections differ in number"
        );
        assert!(
            en.lines()
                .next()
                .unwrap()
                .contains(&format!("(ko/{name}.md)")),
            "docs/{name}.md does not link to its twin"
        );
        assert!(
            ko.lines()
                .next()
                .unwrap()
                .contains(&format!("(../{name}.md)")),
            "docs/ko/{name}.md does not link back"
        );
    }
}

#[test]
fn the_glossary_has_its_korean_twin_too() {
    // The glossary is a module of its own (src/glossary.rs), its text in `//!` lines.
    let english: String = read("src/glossary.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l).to_string() + "\n")
        .collect();
    let korean = read("docs/ko/glossary.md");
    assert_eq!(
        headings(&english),
        headings(&korean),
        "the glossary's sections differ in number"
    );
    assert!(
        english.contains("(crate::ko::glossary)") && korean.contains("[English](crate::glossary)")
    );
    assert!(read("src/lib.rs").contains("include_str!(\"../docs/ko/glossary.md\")"));
}

/// The crate's front page: the `//!` lines at the top of `src/lib.rs`.
fn front_page(lib: &str) -> String {
    lib.lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim_start().to_string() + "\n")
        .collect()
}

#[test]
fn the_front_page_has_its_korean_twin_too() {
    // Module `ko` is the front page in Korean (docs/ko/front-page.md): the same sections,
    // each linked to the other at its top.
    let lib = read("src/lib.rs");
    let english = front_page(&lib);
    let korean = read("docs/ko/front-page.md");
    assert_eq!(
        headings(&english),
        headings(&korean),
        "the front page (src/lib.rs) and docs/ko/front-page.md: the sections differ in number"
    );
    assert!(
        english.lines().take(4).any(|l| l.contains("[`ko`]")),
        "the front page does not link its Korean twin at the top"
    );
    assert!(
        korean
            .lines()
            .take(4)
            .any(|l| l.contains("[English](crate)")),
        "docs/ko/front-page.md does not link back at the top"
    );
    let ko_module = lib.split("pub mod ko {").next().and_then(|before| {
        before
            .lines()
            .rev()
            .find(|l| l.contains("include_str!(\"../docs/ko/"))
    });
    assert_eq!(
        ko_module.map(str::trim),
        Some("#[doc = include_str!(\"../docs/ko/front-page.md\")]"),
        "module ko's documentation is not docs/ko/front-page.md"
    );
    assert!(
        read("docs/README.ko.md")
            .lines()
            .take(8)
            .any(|l| l.contains("(ko/front-page.md)")),
        "docs/README.ko.md does not link the Korean front page at its top"
    );
}

/// The English chapters' modules (`crate::…` paths) whose Korean twin exists: the
/// `chapter!(NAME, include_str!("../docs/….md"));` lines of `src/lib.rs` outside `ko`.
fn english_chapter_modules(lib: &str) -> Vec<String> {
    let mut modules = vec![
        "crate::programs::long_memory".to_string(),
        "crate::glossary".to_string(),
    ];
    for line in lib.lines() {
        let english = line.contains("include_str!(\"../docs/")
            && !line.contains("../docs/ko/")
            && line.ends_with(".md\"));");
        let module = line
            .strip_prefix("chapter!(")
            .and_then(|rest| rest.split(',').next());
        if let Some(module) = module.filter(|_| english) {
            modules.push(format!("crate::{module}"));
        }
    }
    modules
}

#[test]
fn a_korean_page_links_korean_pages() {
    // Past its `[English](…)` line, a Korean page links the Korean chapters (crate::ko::…),
    // never their English twins; docs/README.ko.md links docs/ko/*.md, not the English pages.
    let root = env!("CARGO_MANIFEST_DIR");
    let lib = read("src/lib.rs");
    let english = english_chapter_modules(&lib);
    assert!(english.len() >= 15, "found {english:?}");
    let mut pages: Vec<String> = std::fs::read_dir(format!("{root}/docs/ko"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/ko/{n}"))
        .collect();
    pages.sort();
    let mut wrong = Vec::new();
    for page in &pages {
        for (k, line) in read(page).lines().enumerate().skip(4) {
            for module in &english {
                for end in [")", "#"] {
                    if line.contains(&format!("]({module}{end}")) {
                        wrong.push(format!("{page}:{}: links {module}", k + 1));
                    }
                }
            }
            if line.contains("](../") {
                wrong.push(format!("{page}:{}: links an English page (../)", k + 1));
            }
        }
    }
    for (k, line) in read("docs/README.ko.md").lines().enumerate().skip(1) {
        for link in line.split("](").skip(1) {
            let target = link.split(')').next().unwrap_or("");
            let page = target.ends_with(".md") || target.contains(".md#");
            if page && !target.starts_with("ko/") {
                wrong.push(format!("docs/README.ko.md:{}: links {target}", k + 1));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The check finds what it should.
    assert!(english.contains(&"crate::bptt_chapter".to_string()));
    assert!(english.contains(&"crate::measurements".to_string()));
}
