//! The layers import one way, and no two modules of one layer import each
//! other in a circle.
//!
//! The crate is read as Rust (with `syn`), not compiled: every `use` and
//! every path that starts with `crate`, `super` or `self` is an edge from
//! the module it is written in to the module it names. Test modules
//! (`#[cfg(test)]`) are left out: a test may reach anywhere.
//!
//! Layers, from the top: `pages` (and the router in `lib.rs`); `islands`
//! and `components`; `api` (the server functions islands and forms call);
//! `server` services; `server::db` with the `server::crypto` primitives it
//! keys the audit chain with, and beside it the `views` that services fill
//! and pages render; and at the bottom the shared `domain`,
//! `i18n`, `error` and `url`. A module may import its own layer or a lower
//! one.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

use syn::visit::Visit;

/// A module of the graph: the first module below a layer, e.g.
/// `server::attendance` for everything in `server/attendance/`.
type Node = String;

/// Where an edge was seen: the file and the path written there.
type Evidence = (PathBuf, String);

#[test]
fn no_two_service_modules_import_each_other_in_a_circle() {
    let graph = ImportGraph::of_crate();
    let circles = graph.circles_within("server::");
    assert!(circles.is_empty(), "{}", graph.describe(&circles));
}

#[test]
fn no_two_page_modules_import_each_other_in_a_circle() {
    let graph = ImportGraph::of_crate();
    let circles = graph.circles_within("pages::");
    assert!(circles.is_empty(), "{}", graph.describe(&circles));
}

#[test]
fn every_layer_imports_only_its_own_layer_or_a_lower_one() {
    let graph = ImportGraph::of_crate();
    let upward: Vec<String> = graph
        .edges
        .iter()
        .filter(|((from, to), _)| layer_rank(to) > layer_rank(from))
        .map(|((from, to), evidence)| {
            let (file, path) = &evidence[0];
            format!("{from} -> {to} ({}: {path})", file.display())
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports against the layers' direction:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_graph_sees_the_imports_it_is_meant_to_judge() {
    // Guards the two tests above against passing because the reader found
    // nothing: pages import services, services import storage.
    let graph = ImportGraph::of_crate();
    let has = |from: &str, to: &str| graph.edges.keys().any(|(f, t)| f == from && t == to);
    assert!(has("pages::attendance", "server::attendance"));
    assert!(has("server::attendance", "server::db::attendance"));
    assert!(has("api", "server::classes"));
    assert!(has("pages::subsidies", "views"));
    assert!(has("server::classes", "views"));
}

#[test]
fn among_the_services_only_the_edge_modules_read_request_headers() {
    // The language, session, device, scan cookie and origin of a request
    // are read once, in `server::request` (and the page request of
    // `server::visit`), and handed to the services as values.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect_rust_files(&src.join("server"), &mut files);
    let edge = |file: &PathBuf| {
        let module = module_path_of(&src, file).join("::");
        module == "server::request" || module == "server::visit"
    };
    let readers: Vec<String> = files
        .iter()
        .filter(|file| !edge(file) && names_header_map(file))
        .map(|file| {
            file.strip_prefix(&src)
                .unwrap_or(file)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        readers.is_empty(),
        "services reading request headers: {readers:?}"
    );
    assert!(names_header_map(&src.join("server/request.rs")));
}

/// Whether a file names `HeaderMap` outside its test modules.
fn names_header_map(file: &Path) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
            if !is_test_only(&item.attrs) {
                syn::visit::visit_item_mod(self, item);
            }
        }
        fn visit_ident(&mut self, ident: &'ast syn::Ident) {
            self.0 |= ident == "HeaderMap";
        }
    }
    let text = fs::read_to_string(file).expect("a source file is readable");
    let syntax = syn::parse_file(&text).expect("a source file parses");
    let mut finder = Finder(false);
    finder.visit_file(&syntax);
    finder.0
}

/// The rank of a node's layer: higher is nearer the user.
fn layer_rank(node: &str) -> u8 {
    match node.split("::").next().unwrap_or_default() {
        "routes" | "pages" => 5,
        "islands" | "components" => 4,
        "api" => 3,
        "server" if node.starts_with("server::db") || node == "server::crypto" => 1,
        "views" => 1,
        "server" => 2,
        _ => 0,
    }
}

struct ImportGraph {
    edges: BTreeMap<(Node, Node), Vec<Evidence>>,
}

impl ImportGraph {
    fn of_crate() -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        collect_rust_files(&src, &mut files);
        let mut edges: BTreeMap<(Node, Node), Vec<Evidence>> = BTreeMap::new();
        for file in files {
            let module = module_path_of(&src, &file);
            let text = fs::read_to_string(&file).expect("a source file is readable");
            let syntax = syn::parse_file(&text).expect("a source file parses");
            let mut reader = PathReader {
                module: module.clone(),
                found: Vec::new(),
            };
            reader.visit_file(&syntax);
            for (from, target) in reader.found {
                let (Some(from), Some(to)) = (node_of(&from), node_of(&target)) else {
                    continue;
                };
                if from != to {
                    let relative = file.strip_prefix(&src).unwrap_or(&file).to_path_buf();
                    edges
                        .entry((from, to))
                        .or_default()
                        .push((relative, target.join("::")));
                }
            }
        }
        Self { edges }
    }

    /// Every strongly connected group of two or more nodes whose names
    /// start with `prefix`, looking only at edges between such nodes.
    fn circles_within(&self, prefix: &str) -> Vec<Vec<Node>> {
        let within = |node: &Node| node.starts_with(prefix);
        let mut next: BTreeMap<&Node, Vec<&Node>> = BTreeMap::new();
        for (from, to) in self.edges.keys() {
            if within(from) && within(to) {
                next.entry(from).or_default().push(to);
            }
        }
        let nodes: BTreeSet<&Node> = next
            .keys()
            .copied()
            .chain(next.values().flatten().copied())
            .collect();
        let reaches = |start: &Node| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![start];
            while let Some(node) = stack.pop() {
                for &after in next.get(node).into_iter().flatten() {
                    if seen.insert(after) {
                        stack.push(after);
                    }
                }
            }
            seen
        };
        let reach: BTreeMap<&Node, BTreeSet<&Node>> =
            nodes.iter().map(|&n| (n, reaches(n))).collect();
        let mut placed = BTreeSet::new();
        let mut circles = Vec::new();
        for &node in &nodes {
            if placed.contains(node) || !reach[node].contains(node) {
                continue;
            }
            let group: Vec<Node> = nodes
                .iter()
                .filter(|&&other| reach[node].contains(other) && reach[other].contains(node))
                .map(|&other| other.clone())
                .collect();
            placed.extend(group.iter().cloned());
            circles.push(group);
        }
        circles
    }

    fn describe(&self, circles: &[Vec<Node>]) -> String {
        let mut out = String::from("modules that import each other in a circle:\n");
        for group in circles {
            out.push_str(&format!("\n  {}\n", group.join(", ")));
            for ((from, to), evidence) in &self.edges {
                if group.contains(from) && group.contains(to) {
                    let (file, path) = &evidence[0];
                    out.push_str(&format!(
                        "    {from} -> {to}: {} ({} uses)\n",
                        format_args!("{}: {path}", file.display()),
                        evidence.len()
                    ));
                }
            }
        }
        out
    }
}

fn collect_rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("the source folder is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

/// `server/db/attendance.rs` → `["server", "db", "attendance"]`; `mod.rs`
/// and `lib.rs` name their folder.
fn module_path_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The node a module path belongs to, or `None` for the crate root and the
/// layers' own `mod.rs` (which only declare and re-export).
fn node_of(path: &[String]) -> Option<Node> {
    let first = path.first()?;
    match first.as_str() {
        "server" | "pages" => {
            let second = path.get(1)?;
            if first == "server" && second == "db" {
                Some(format!("server::db::{}", path.get(2)?))
            } else if is_module(first, second) {
                Some(format!("{first}::{second}"))
            } else {
                None
            }
        }
        name if is_module_name(name) => Some(name.to_owned()),
        _ => None,
    }
}

/// Whether `layer/name` is a module (a file or a folder) rather than an
/// item its `mod.rs` defines or re-exports.
fn is_module(layer: &str, name: &str) -> bool {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    src.join(format!("{name}.rs")).is_file() || src.join(name).is_dir()
}

fn is_module_name(name: &str) -> bool {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    src.join(format!("{name}.rs")).is_file() || src.join(name).is_dir() || name == "routes"
}

/// Collects, for one file, every path that starts with `crate`, `super` or
/// `self`, made absolute, with the module it was written in.
struct PathReader {
    module: Vec<String>,
    found: Vec<(Vec<String>, Vec<String>)>,
}

impl PathReader {
    fn resolve(&self, segments: &[String]) -> Option<Vec<String>> {
        let (first, rest) = segments.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut base = self.module.clone();
                base.pop();
                let mut rest = rest;
                while let Some(("super", more)) = rest.split_first().map(|(s, m)| (s.as_str(), m)) {
                    base.pop();
                    rest = more;
                }
                base.extend(rest.iter().cloned());
                return Some(base);
            }
            _ => return None,
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn note(&mut self, segments: Vec<String>) {
        if let Some(target) = self.resolve(&segments) {
            self.found.push((self.module.clone(), target));
        }
    }

    fn note_use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.note_use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let mut full = prefix.clone();
                if name.ident != "self" {
                    full.push(name.ident.to_string());
                }
                self.note(full);
            }
            syn::UseTree::Rename(rename) => {
                let mut full = prefix.clone();
                full.push(rename.ident.to_string());
                self.note(full);
            }
            syn::UseTree::Glob(_) => self.note(prefix.clone()),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.note_use_tree(prefix, tree);
                }
            }
        }
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

impl<'ast> Visit<'ast> for PathReader {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if is_test_only(&item.attrs) {
            return;
        }
        self.module.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.note_use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.note(segments);
        syn::visit::visit_path(self, path);
    }
}
