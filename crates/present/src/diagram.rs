//! The layout of a comparison's diagram: the stages of a request's path as boxes left to right,
//! the first code marked above the stage where it arises and the second below. This module only
//! computes positions; `templates/diagram.svg` draws them (styled by the stylesheet's classes,
//! with no script and no style attributes).

use serde::Serialize;
use siteerror_catalog::Diagram;

/// The width of the drawing, in SVG units.
const WIDTH: f64 = 720.0;
const MARGIN: f64 = 8.0;
const GAP: f64 = 34.0;
const BOX_Y: f64 = 70.0;
const BOX_H: f64 = 44.0;
/// Roughly the width of one character at the diagram's 13px font.
const CHAR_W: f64 = 7.9;

/// Coordinates as the SVG shows them: one decimal place.
fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// One stage's box.
#[derive(Debug, Serialize)]
pub struct StageBox {
    x: String,
    width: String,
    label: String,
    label_x: String,
    label_y: String,
}

/// The arrow from one stage to the next.
#[derive(Debug, Serialize)]
pub struct Arrow {
    x1: String,
    x2: String,
    y: String,
}

/// A code's tag and the pointer to its stage.
#[derive(Debug, Serialize)]
pub struct Tag {
    side: &'static str,
    center: String,
    pointer_y1: String,
    pointer_y2: String,
    rect_x: String,
    rect_y: String,
    rect_width: String,
    text_x: String,
    text_y: String,
    text: String,
}

/// Everything the template needs to draw the diagram.
#[derive(Debug, Serialize)]
pub struct DiagramLayout {
    width: f64,
    box_y: f64,
    box_height: f64,
    caption: String,
    stages: Vec<StageBox>,
    arrows: Vec<Arrow>,
    tags: Vec<Tag>,
}

impl DiagramLayout {
    /// Lays out `d` with `a_code` above its stage and `b_code` below.
    pub fn new(d: &Diagram, a_code: &str, b_code: &str) -> DiagramLayout {
        let count = d.stages.len().max(1) as f64;
        let box_w = (WIDTH - 2.0 * MARGIN - (count - 1.0) * GAP) / count;
        let x_of = |i: usize| MARGIN + i as f64 * (box_w + GAP);
        let stages = d
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| StageBox {
                x: n(x_of(i)),
                width: n(box_w),
                label: stage.clone(),
                label_x: n(x_of(i) + box_w / 2.0),
                label_y: n(BOX_Y + BOX_H / 2.0 + 5.0),
            })
            .collect();
        let arrows = (0..d.stages.len().saturating_sub(1))
            .map(|i| Arrow {
                x1: n(x_of(i) + box_w + 2.0),
                x2: n(x_of(i) + box_w + GAP - 3.0),
                y: n(BOX_Y + BOX_H / 2.0),
            })
            .collect();
        let tags = [
            ("a", d.a_stage, a_code, &d.a_label),
            ("b", d.b_stage, b_code, &d.b_label),
        ]
        .into_iter()
        .filter(|(_, stage, _, _)| *stage < d.stages.len())
        .map(|(side, stage, code, label)| {
            let center = x_of(stage) + box_w / 2.0;
            let text = format!("{code}: {label}");
            let half = text.chars().count() as f64 * CHAR_W / 2.0 + 6.0;
            // Keep the tag inside the drawing even when its stage is at an edge.
            let tx = center.clamp(half + MARGIN, (WIDTH - half - MARGIN).max(half + MARGIN));
            let (ty, ly1, ly2) = if side == "a" {
                (32.0, 42.0, BOX_Y - 2.0)
            } else {
                (164.0, BOX_Y + BOX_H + 2.0, 146.0)
            };
            Tag {
                side,
                center: n(center),
                pointer_y1: n(ly1),
                pointer_y2: n(ly2),
                rect_x: n(tx - half),
                rect_y: n(ty - 18.0),
                rect_width: n(2.0 * half),
                text_x: n(tx),
                text_y: n(ty),
                text,
            }
        })
        .collect();
        DiagramLayout {
            width: WIDTH,
            box_y: BOX_Y,
            box_height: BOX_H,
            caption: d.caption.clone(),
            stages,
            arrows,
            tags,
        }
    }
}
