//! Inline SVG charts for the HTML report: labelled horizontal bars and stacked columns.
//! Drawn as text by rebound, so the page needs no chart library; every label is escaped.

use std::fmt::Write;

use super::html::esc;

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What the bar counts (a reason, a company, a language).
    pub label: String,
    /// How many.
    pub count: u64,
    /// Fill colour (a CSS colour rebound chose, never mail text).
    pub color: &'static str,
}

/// One series of a stacked column chart (a reason, a status).
#[derive(Debug, Clone)]
pub struct Series {
    /// Its name, shown in the legend.
    pub name: String,
    /// Fill colour.
    pub color: &'static str,
}

/// Width of every chart's drawing, in SVG units (the page scales it down on narrow screens).
const WIDTH: u32 = 520;
/// Labels longer than this are cut (the full label stays in the tooltip).
const LABEL_CHARS: usize = 22;

/// Horizontal bars, one row per item, the count at the end of each bar.
pub fn bars(chart: &str, title: &str, items: &[Bar]) -> String {
    if items.is_empty() {
        return empty(chart, title);
    }
    let (label_w, row_h, count_w) = (160u32, 24u32, 40u32);
    let plot_w = WIDTH - label_w - count_w;
    let max = items.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let height = row_h * items.len() as u32 + 8;
    let mut s = open(chart, title, height);
    for (i, b) in items.iter().enumerate() {
        let y = 4 + row_h * i as u32;
        let w = (b.count as f64 / max as f64 * plot_w as f64).round() as u32;
        let label = esc(&b.label);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" \
             data-label=\"{label}\" data-count=\"{}\"><title>{label}: {}</title></rect>\
             <text x=\"{}\" y=\"{}\" class=\"count\">{}</text>",
            label_w - 8,
            y + 16,
            esc(&cut(&b.label)),
            y + 3,
            w.max(1),
            row_h - 6,
            b.color,
            b.count,
            b.count,
            label_w + w.max(1) + 6,
            y + 16,
            b.count,
        );
    }
    s.push_str("</svg>");
    s
}

/// Columns (months, confidence bins) each stacked by series, with a legend under them.
/// `columns` holds a label and one count per series.
pub fn stacked(
    chart: &str,
    title: &str,
    series: &[Series],
    columns: &[(String, Vec<u64>)],
) -> String {
    if columns.is_empty() {
        return empty(chart, title);
    }
    let (axis_w, plot_h, top) = (36u32, 160u32, 12u32);
    let plot_w = WIDTH - axis_w - 8;
    let n = columns.len() as u32;
    let slot = (plot_w / n).clamp(2, 60);
    let bar_w = (slot * 3 / 4).max(1);
    let max = columns
        .iter()
        .map(|(_, c)| c.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    // Every k-th column is labelled, so labels (about 56 units wide) never overlap.
    let every = (56 / slot + 1) as usize;
    let legend_rows = series.len().div_ceil(4) as u32;
    let height = top + plot_h + 22 + legend_rows * 20 + 4;
    let mut s = open(chart, title, height);
    let base = top + plot_h;
    let _ = write!(
        s,
        "<line x1=\"{axis_w}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" class=\"axis\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"count\">{max}</text>\
         <text x=\"{}\" y=\"{base}\" text-anchor=\"end\" class=\"count\">0</text>",
        WIDTH - 8,
        axis_w - 6,
        top + 8,
        axis_w - 6,
    );
    for (i, (label, counts)) in columns.iter().enumerate() {
        let x = axis_w + slot * i as u32 + (slot - bar_w) / 2;
        let mut y = base as f64;
        let label = esc(label);
        let _ = write!(s, "<g data-column=\"{label}\">");
        for (serie, &count) in series.iter().zip(counts) {
            if count == 0 {
                continue;
            }
            let h = count as f64 / max as f64 * plot_h as f64;
            y -= h;
            let name = esc(&serie.name);
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"{y:.1}\" width=\"{bar_w}\" height=\"{h:.1}\" fill=\"{}\" \
                 data-label=\"{name}\" data-count=\"{count}\"><title>{label} {name}: {count}</title></rect>",
                serie.color
            );
        }
        s.push_str("</g>");
        if i % every == 0 {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{label}</text>",
                x + bar_w / 2,
                base + 16
            );
        }
    }
    for (i, serie) in series.iter().enumerate() {
        let (col, row) = (i as u32 % 4, i as u32 / 4);
        let (x, y) = (axis_w + col * 120, base + 30 + row * 20);
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            y,
            serie.color,
            x + 16,
            y + 11,
            esc(&serie.name)
        );
    }
    s.push_str("</svg>");
    s
}

fn open(chart: &str, title: &str, height: u32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" data-chart=\"{}\">",
        esc(title),
        esc(chart)
    )
}

fn empty(chart: &str, title: &str) -> String {
    format!(
        "<p class=\"empty\" data-chart=\"{}\">No data for {}.</p>",
        esc(chart),
        esc(title)
    )
}

fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_counts_and_escape_labels() {
        let svg = bars(
            "companies",
            "Top companies",
            &[
                Bar {
                    label: "<script>alert(1)</script>".into(),
                    count: 3,
                    color: "#123456",
                },
                Bar {
                    label: "Acme".into(),
                    count: 1,
                    color: "#123456",
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert_eq!(svg.matches("data-count=\"3\"").count(), 1);
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn stacked_skips_zero_segments_and_draws_a_legend() {
        let series = [
            Series {
                name: "price".into(),
                color: "#111111",
            },
            Series {
                name: "timing".into(),
                color: "#222222",
            },
        ];
        let svg = stacked(
            "months",
            "Per month",
            &series,
            &[
                ("2025-05".into(), vec![2, 0]),
                ("2025-06".into(), vec![1, 4]),
            ],
        );
        // 3 non-zero segments + 2 legend swatches.
        assert_eq!(svg.matches("<rect").count(), 5, "{svg}");
        assert!(svg.contains("data-column=\"2025-06\""));
        assert!(svg.contains(">timing</text>"));
    }

    #[test]
    fn no_data_is_said_not_drawn() {
        assert!(bars("x", "X", &[]).contains("No data"));
        assert!(stacked("x", "X", &[], &[]).contains("No data"));
    }

    #[test]
    fn long_labels_are_cut_with_the_full_one_in_the_tooltip() {
        let long = "A very long company name that goes on";
        let svg = bars(
            "c",
            "C",
            &[Bar {
                label: long.into(),
                count: 1,
                color: "#000000",
            }],
        );
        assert!(svg.contains("A very long company n…"), "{svg}");
        assert!(svg.contains(&format!("<title>{long}: 1</title>")), "{svg}");
    }
}
