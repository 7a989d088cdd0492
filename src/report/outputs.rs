//! Where one run's report rows go: a CSV / JSON lines file, the HTML page, a grouped table.
//! The commands hand every row here; files are created up front so a bad path fails early.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::html::{self, Page};
use super::{group, GroupBy, ReportError, ReportWriter, Row, Summary};

/// The outputs a run was asked for (`--report`, `--html`, `--group-by`); any, all or none.
#[derive(Debug)]
pub struct Outputs {
    file: Option<ReportWriter<BufWriter<File>>>,
    html: Option<(PathBuf, File)>,
    group_by: Option<GroupBy>,
    /// Kept only for the page and the table.
    rows: Vec<Row>,
}

impl Outputs {
    /// Create the report file and the HTML file (both empty until [`Outputs::finish`]).
    pub fn new(
        report: Option<&Path>,
        csv_bom: bool,
        html: Option<&Path>,
        group_by: Option<GroupBy>,
    ) -> Result<Outputs, ReportError> {
        let file = report
            .map(|p| ReportWriter::create(p, csv_bom))
            .transpose()?;
        let html = html
            .map(|p| {
                File::create(p)
                    .map(|f| (p.to_path_buf(), f))
                    .map_err(|source| ReportError::Io {
                        path: p.display().to_string(),
                        source,
                    })
            })
            .transpose()?;
        Ok(Outputs {
            file,
            html,
            group_by,
            rows: Vec::new(),
        })
    }

    /// Give the CSV report an `account` column (a report of several accounts); before any row.
    pub fn with_account_column(mut self) -> Outputs {
        self.file = self.file.map(ReportWriter::with_account_column);
        self
    }

    /// True when no output was asked for (the run can skip building rows).
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.html.is_none() && self.group_by.is_none()
    }

    /// Add one row to every output.
    pub fn add(&mut self, row: Row) -> Result<(), ReportError> {
        if let Some(file) = &mut self.file {
            file.write_row(&row)?;
        }
        if self.html.is_some() || self.group_by.is_some() {
            self.rows.push(row);
        }
        Ok(())
    }

    /// Close the report file, write the page (`source` names what was read) and return the
    /// grouped table to print, if one was asked for.
    pub fn finish(
        self,
        source: &str,
        summary: Option<&Summary>,
    ) -> Result<Option<String>, ReportError> {
        if let Some(file) = self.file {
            file.finish()?;
        }
        if let Some((path, file)) = self.html {
            let page = html::render(&Page {
                source,
                summary,
                rows: &self.rows,
            });
            let mut w = BufWriter::new(file);
            w.write_all(page.as_bytes())
                .and_then(|()| w.flush())
                .map_err(|source| ReportError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
        }
        Ok(self.group_by.map(|by| group::table(by, &self.rows)))
    }
}
