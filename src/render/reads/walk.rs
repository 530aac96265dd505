//! The walk of a template's syntax tree (with its parents, includes and the macros it calls)
//! that finds what it reads.

use std::collections::{HashMap, HashSet};

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

use super::Reads;

impl Reads {
    /// What `name` reads, through its parents, includes and the macros it calls.
    /// `globals` are the context's top-level names; any other is the template's own variable.
    pub fn of(tera: &tera::Tera, name: &str, globals: &[&str]) -> Reads {
        let mut walk = Walk {
            tera,
            globals,
            reads: Reads::default(),
            seen: HashSet::new(),
            scopes: Vec::new(),
            active: Vec::new(),
        };
        walk.template(name);
        walk.reads
    }
}

/// Filters that read only what they are asked for (a string, a number, or the named
/// attribute of each item); any other filter may read a whole value.
const NARROW_FILTERS: &[&str] = &[
    "safe",
    // weave's: a date string written the page language's way.
    "local_date",
    "escape",
    "escape_xml",
    "striptags",
    "truncate",
    "upper",
    "lower",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "date",
    "pluralize",
    "round",
    "default",
    "replace",
    "urlencode",
    "urlencode_strict",
    "slugify",
    "title",
    "capitalize",
    "wordcount",
    "split",
    "first",
    "last",
    "nth",
    "slice",
    "join",
    "sort",
    "unique",
    "map",
    "filter",
    "group_by",
    "concat",
    "reverse",
    "indent",
    "int",
    "float",
    "abs",
    "filesizeformat",
    "spaceless",
    "addslashes",
    "linebreaksbr",
    "as_str",
    "markdown",
];

struct Walk<'t> {
    tera: &'t tera::Tera,
    /// The context's own names (`page`, `config`): any other name is a template's variable.
    globals: &'t [&'t str],
    reads: Reads,
    /// Templates and macro calls walked already (`file::name(bindings)` for macros).
    seen: HashSet<String>,
    /// The template's own variables, innermost last: each to the path it stands for, when
    /// that is known (`for t in taxonomies` makes `t` stand for `taxonomies`).
    scopes: Vec<HashMap<String, Option<String>>>,
    /// The macros being walked, callers first.
    active: Vec<String>,
}

impl Walk<'_> {
    /// The context path `ident` names, its variables replaced by what they stand for; None
    /// when it starts at a variable of unknown origin.
    fn resolve(&self, ident: &str) -> Option<String> {
        let end = ident.find(['.', '[']).unwrap_or(ident.len());
        let (head, rest) = ident.split_at(end);
        for scope in self.scopes.iter().rev() {
            if let Some(bound) = scope.get(head) {
                return bound.as_ref().map(|p| format!("{p}{rest}"));
            }
        }
        self.globals.contains(&head).then(|| ident.to_string())
    }

    /// The path an expression stands for, when it is a plain variable path.
    fn path_of(&self, e: &Expr) -> Option<String> {
        match &e.val {
            ExprVal::Ident(i) if e.filters.is_empty() => self.resolve(i),
            _ => None,
        }
    }

    fn mark(&mut self, ident: &str, whole: bool) {
        let path = self.resolve(ident);
        self.reads.mark(path, whole);
    }

    fn bind(&mut self, name: &str, path: Option<String>) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_string(), path);
        }
    }

    fn ident(&mut self, ident: &str) {
        let resolved = self.resolve(ident);
        self.reads.read(ident, resolved);
        // A subscript that is a variable (`a[key]`) may pick any entry of `a`.
        if let Some((container, rest)) = ident.split_once('[') {
            let key = rest.split(']').next().unwrap_or("").trim();
            let literal = key.starts_with(['"', '\'']) || key.bytes().all(|b| b.is_ascii_digit());
            if !literal {
                self.mark(container, true);
            }
        }
    }

    fn template(&mut self, name: &str) {
        if !self.seen.insert(name.to_string()) {
            return;
        }
        let Ok(template) = self.tera.get_template(name) else {
            self.reads.everything = true;
            return;
        };
        self.scopes.push(HashMap::new());
        self.nodes(name, &template.ast);
        for blocks in template.blocks_definitions.values() {
            for (from, block) in blocks {
                self.nodes(from, &block.body);
            }
        }
        self.scopes.pop();
        for parent in &template.parents {
            self.template(parent);
        }
    }

    fn nodes(&mut self, template: &str, nodes: &[Node]) {
        for node in nodes {
            self.node(template, node);
        }
    }

    fn node(&mut self, template: &str, node: &Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(template, e),
            Node::Include(_, names, _) => names.iter().for_each(|n| self.template(n)),
            Node::Set(_, set) => {
                self.expr(template, &set.value);
                let path = self.path_of(&set.value);
                self.bind(&set.key, path);
            }
            Node::FilterSection(_, section, _) => {
                self.call(template, &section.filter);
                self.nodes(template, &section.body);
            }
            Node::Block(_, block, _) => self.nodes(template, &block.body),
            Node::Forloop(_, lp, _) => {
                self.expr(template, &lp.container);
                let container = self.path_of(&lp.container);
                if lp.key.is_some() {
                    // A key-value loop reads every key of the object.
                    self.reads.mark(container.clone(), false);
                }
                self.scopes.push(HashMap::new());
                if let Some(key) = &lp.key {
                    self.bind(key, None);
                    self.bind(&lp.value, container.map(|c| format!("{c}.*")));
                } else {
                    self.bind(&lp.value, container);
                }
                self.bind("loop", None);
                self.nodes(template, &lp.body);
                self.scopes.pop();
                if let Some(body) = &lp.empty_body {
                    self.nodes(template, body);
                }
            }
            Node::If(cond, _) => {
                for (_, e, body) in &cond.conditions {
                    self.expr(template, e);
                    self.nodes(template, body);
                }
                if let Some((_, body)) = &cond.otherwise {
                    self.nodes(template, body);
                }
            }
            // Macro bodies are walked where they are called.
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }

    fn expr(&mut self, template: &str, e: &Expr) {
        self.val(template, &e.val);
        for (i, filter) in e.filters.iter().enumerate() {
            let narrow = NARROW_FILTERS.contains(&filter.name.as_str())
                && (filter.name != "get" || filter.args.values().all(is_literal));
            if i == 0 && !narrow {
                match &e.val {
                    ExprVal::Ident(ident) => self.mark(ident, true),
                    // A function's result or a literal is no value of the context; what the
                    // function was given was walked above.
                    ExprVal::FunctionCall(_)
                    | ExprVal::String(_)
                    | ExprVal::Int(_)
                    | ExprVal::Float(_)
                    | ExprVal::Bool(_) => {}
                    _ => self.reads.everything = true,
                }
            }
            self.call(template, filter);
        }
    }

    fn call(&mut self, template: &str, call: &FunctionCall) {
        for arg in call.args.values() {
            self.expr(template, arg);
        }
    }

    fn val(&mut self, template: &str, val: &ExprVal) {
        match val {
            ExprVal::String(s) => {
                self.reads.names.insert(s.clone());
            }
            ExprVal::Ident(i) => self.ident(i),
            ExprVal::Math(m) => {
                self.expr(template, &m.lhs);
                self.expr(template, &m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(template, &l.lhs);
                self.expr(template, &l.rhs);
            }
            ExprVal::Test(t) => {
                self.ident(&t.ident);
                if t.name == "containing" && !t.args.iter().all(is_literal) {
                    self.mark(&t.ident, true);
                }
                t.args.iter().for_each(|a| self.expr(template, a));
            }
            ExprVal::MacroCall(m) => {
                m.args.values().for_each(|a| self.expr(template, a));
                let bindings: HashMap<String, Option<String>> = m
                    .args
                    .iter()
                    .map(|(k, e)| (k.clone(), self.path_of(e)))
                    .collect();
                self.macro_body(template, &m.namespace, &m.name, bindings);
            }
            ExprVal::FunctionCall(f) => self.call(template, f),
            ExprVal::Array(items) => items.iter().for_each(|a| self.expr(template, a)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| self.val(template, v)),
            ExprVal::In(i) => {
                self.expr(template, &i.lhs);
                self.expr(template, &i.rhs);
                if !is_literal(&i.lhs) {
                    match &i.rhs.val {
                        ExprVal::Ident(ident) => self.mark(ident, true),
                        _ => self.reads.everything = true,
                    }
                }
            }
            ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
        }
    }

    /// Walks the body of the macro `namespace::name` as called from `template`, its
    /// arguments standing for the paths they were given.
    fn macro_body(
        &mut self,
        template: &str,
        namespace: &str,
        name: &str,
        mut bindings: HashMap<String, Option<String>>,
    ) {
        let Ok(caller) = self.tera.get_template(template) else {
            self.reads.everything = true;
            return;
        };
        let file = if namespace == "self" {
            Some(template.to_string())
        } else {
            caller
                .imported_macro_files
                .iter()
                .find(|(_, ns)| ns == namespace)
                .map(|(file, _)| file.clone())
        };
        let found = file.and_then(|f| {
            let definition = self.tera.get_template(&f).ok()?.macros.get(name)?;
            Some((f, definition))
        });
        let Some((file, definition)) = found else {
            self.reads.everything = true;
            return;
        };
        for (arg, default) in &definition.args {
            if !bindings.contains_key(arg) {
                let path = default.as_ref().and_then(|d| {
                    self.expr(&file, d);
                    self.path_of(d)
                });
                bindings.insert(arg.clone(), path);
            }
        }
        let active = format!("{file}::{name}");
        if self.active.contains(&active) {
            // A macro calling itself: its arguments are walked once more as of unknown origin,
            // and no deeper.
            bindings.values_mut().for_each(|b| *b = None);
        }
        let mut signature: Vec<_> = bindings.iter().collect();
        signature.sort();
        if !self.seen.insert(format!("{active}{signature:?}")) {
            return;
        }
        // A macro sees only its arguments (and the context's own names).
        let outer = std::mem::replace(&mut self.scopes, vec![bindings]);
        self.active.push(active);
        self.nodes(&file, &definition.body);
        self.active.pop();
        self.scopes = outer;
    }
}

fn is_literal(e: &Expr) -> bool {
    matches!(
        e.val,
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_)
    )
}
