//! Word tables → GitHub Markdown tables, for the Word importer.
//!
//! The first row is the header. A Markdown table must be rectangular, so a cell spanning
//! several columns is followed by empty cells, a cell continuing a vertical merge is empty, and
//! short rows are padded. A cell holds one line: its paragraphs are joined with `<br>`, its
//! lists become inline HTML lists, and tables nested in it are flattened to their text.

use super::docx_markdown::{render_inlines, CellList};
use super::import_docx::Converter;
use docx_rs::{Table, TableCellContent, TableChild, TableRowChild, TextBoxContentChild};

impl<'a> Converter<'a> {
    pub(super) fn table(&mut self, table: &'a Table) {
        self.end_list();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for TableChild::TableRow(row) in &table.rows {
            let mut cells = Vec::new();
            for TableRowChild::TableCell(cell) in &row.cells {
                let (span, continued) = cell_merge(cell);
                let text = if continued {
                    String::new()
                } else {
                    self.cell_text(&cell.children)
                };
                cells.push(text);
                cells.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
            }
            rows.push(cells);
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        for (i, row) in rows.iter_mut().enumerate() {
            row.resize(width, String::new());
            self.out.push('|');
            for cell in row.iter() {
                self.out.push(' ');
                self.out.push_str(cell);
                self.out.push_str(" |");
            }
            self.out.push('\n');
            if i == 0 {
                self.out.push('|');
                self.out.push_str(&" --- |".repeat(width));
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }

    /// A cell's paragraphs on one line, separated by `<br>`. A table cell cannot hold Markdown
    /// blocks, so its lists become inline HTML lists (which keep their nesting); nested tables
    /// are flattened to their cells' text.
    fn cell_text(&mut self, children: &'a [TableCellContent]) -> String {
        let mut parts = Vec::new();
        let mut list = CellList::default();
        for child in children {
            match child {
                TableCellContent::Paragraph(p) => {
                    let inlines = self.inlines(&p.children);
                    let text = render_inlines(&inlines);
                    match self.numbering(p) {
                        Some((id, level)) if !text.trim().is_empty() => {
                            let ordered = self.list_formats.get(&(id, level)).copied();
                            list.item(level, ordered.unwrap_or(false), text.trim());
                        }
                        _ => {
                            parts.extend(list.finish());
                            parts.push(text);
                        }
                    }
                    // Text boxes inside cells are rare; their text joins the cell.
                    for text_box in std::mem::take(&mut self.pending_boxes) {
                        for child in &text_box.children {
                            if let TextBoxContentChild::Paragraph(p) = child {
                                let inner = self.inlines(&p.children);
                                parts.push(render_inlines(&inner));
                            }
                        }
                    }
                }
                TableCellContent::Table(t) => {
                    parts.extend(list.finish());
                    for TableChild::TableRow(row) in &t.rows {
                        for TableRowChild::TableCell(cell) in &row.cells {
                            parts.push(self.cell_text(&cell.children));
                        }
                    }
                }
                _ => {}
            }
        }
        parts.extend(list.finish());
        let parts: Vec<&str> = parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        parts.join("<br>")
    }
}

/// (columns spanned, whether this cell continues a vertical merge from above).
fn cell_merge(cell: &docx_rs::TableCell) -> (usize, bool) {
    // docx-rs keeps these fields private but serialises them.
    let property = serde_json::to_value(&cell.property).unwrap_or_default();
    let span = property["gridSpan"].as_u64().unwrap_or(1).clamp(1, 64) as usize;
    let continued = property["verticalMerge"].as_str() == Some("continue");
    (span, continued)
}
