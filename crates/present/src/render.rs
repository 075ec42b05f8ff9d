//! Templates (in `templates/`, embedded at compile time) and the filters that turn content prose
//! into HTML or terminal text.

use crate::assets;
use crate::filters::*;
use minijinja::{Environment, Value};
use serde::Serialize;
use siteerror_catalog::Class;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// Every template, by name.
const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "home.html",
    "code.html",
    "category.html",
    "search.html",
    "error.html",
    "macros.html",
    "home.txt",
    "code.txt",
    "category.txt",
    "search.txt",
    "error.txt",
    "url_checker.html",
    "meanings.html",
    "status.html",
    "playground.html",
    "meanings.txt",
    "url_checker.txt",
    "compare.html",
    "compare.txt",
    "compare_index.html",
    "compare_index.txt",
    "cheat.html",
    "cheat.txt",
    "quiz.html",
    "quiz.txt",
    "quiz_play.html",
    "diagram.svg",
    "snippets/express.js",
    "snippets/node-http.js",
    "snippets/flask.py",
    "snippets/go-net-http.go",
);

/// A page could not be rendered: a bug in a template or its data, found by the tests.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A template failed.
    #[error("template {template}: {source}")]
    Template {
        /// The template's name.
        template: String,
        /// What went wrong.
        #[source]
        source: minijinja::Error,
    },
    /// A view could not be written as JSON.
    #[error("JSON: {0}")]
    Json(#[source] serde_json::Error),
}

/// The template environment.
pub struct Renderer {
    env: Environment<'static>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// Loads every template and registers the filters.
    pub fn new() -> Result<Renderer, RenderError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".svg") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // minijinja's HTML escaping also escapes `/`, which turns every path into `&#x2f;…`;
        // escape only what HTML needs.
        env.set_formatter(|out, state, value| {
            let plain = !value.is_safe() && !value.is_undefined() && !value.is_none();
            if plain && matches!(state.auto_escape(), minijinja::AutoEscape::Html) {
                out.write_str(&escape_html(&value.to_string()))
                    .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        for (name, source) in TEMPLATES {
            env.add_template(name, source).map_err(|source| RenderError::Template {
                template: name.to_string(),
                source,
            })?;
        }
        env.add_filter("prose", prose);
        env.add_filter("inline", inline);
        env.add_filter("wrap", wrap);
        env.add_filter("pad", pad);
        env.add_filter("bullet", bullet);
        env.add_filter("js_string", js_string);
        env.add_filter("py_string", py_string);
        env.add_filter("go_string", go_string);
        env.add_global("stylesheet", assets::STYLESHEET.path());
        env.add_global("checker_js", assets::CHECKER_JS.path());
        env.add_global("playground_js", assets::PLAYGROUND_JS.path());
        env.add_global("quiz_js", assets::QUIZ_JS.path());
        env.add_global(
            "nav_classes",
            Value::from_serialize(Class::ALL.map(|c| (c.id(), c.label()))),
        );
        Ok(Renderer { env })
    }

    /// Renders one template with a serializable context.
    pub fn render(&self, template: &str, ctx: impl Serialize) -> Result<String, RenderError> {
        let err = |source| RenderError::Template {
            template: template.to_string(),
            source,
        };
        self.env.get_template(template).map_err(err)?.render(ctx).map_err(err)
    }
}
