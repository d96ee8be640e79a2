//! Where in the text a JSON path begins: one pass over a file that is known to be valid JSON,
//! noting the line of each value whose path is asked for (`floors[1].desks[12].zone`).

use std::collections::{HashMap, HashSet};

/// The line (1-based) on which the value at each of `wanted` begins, for those found.
/// `text` must be valid JSON (as checked by `serde_json`); on anything else the answer is
/// merely incomplete.
#[must_use]
pub fn lines_of(text: &str, wanted: &HashSet<String>) -> HashMap<String, usize> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        path: String::new(),
        wanted,
        found: HashMap::new(),
    };
    scanner.value(0);
    scanner.found
}

/// How deep the scanner follows nesting (`serde_json` refuses more than 128 levels anyway).
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    path: String,
    wanted: &'a HashSet<String>,
    found: HashMap<String, usize>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) {
        self.skip_space();
        if self.wanted.contains(&self.path) {
            self.found.entry(self.path.clone()).or_insert(self.line);
        }
        if depth > MAX_DEPTH {
            self.at = self.bytes.len();
            return;
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                self.string();
            }
            Some(_) => self.scalar(),
            None => {}
        }
    }

    fn object(&mut self, depth: usize) {
        self.at += 1;
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') | None => {
                    self.at += 1;
                    return;
                }
                Some(_) => {
                    self.at += 1;
                    continue;
                }
            }
            let key = self.string();
            let before = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&key);
            self.skip_space();
            if self.peek() == Some(b':') {
                self.at += 1;
            }
            self.value(depth + 1);
            self.path.truncate(before);
            self.skip_space();
            if self.peek() == Some(b',') {
                self.at += 1;
            }
        }
    }

    fn array(&mut self, depth: usize) {
        self.at += 1;
        let mut index = 0_usize;
        loop {
            self.skip_space();
            match self.peek() {
                Some(b']') | None => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    continue;
                }
                Some(_) => {}
            }
            let before = self.path.len();
            self.path.push('[');
            self.path.push_str(&index.to_string());
            self.path.push(']');
            self.value(depth + 1);
            self.path.truncate(before);
            index += 1;
        }
    }

    /// Reads a string starting at its opening quote; returns its raw contents (escapes are
    /// kept as written: keys with escapes are not looked for).
    fn string(&mut self) -> String {
        self.at += 1;
        let start = self.at;
        while let Some(byte) = self.peek() {
            match byte {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.at += 1,
            }
        }
        let end = self.at.min(self.bytes.len());
        self.at += 1;
        String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or_default()).into_owned()
    }

    fn scalar(&mut self) {
        while let Some(byte) = self.peek() {
            if matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                return;
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_of_nested_values_are_found() {
        let text = "{\n  \"floors\": [\n    {\"level\": 1,\n     \"desks\": [\n\
                    {\"label\": \"a\"},\n      {\"label\": \"b\", \"zone\": \"x\"}\n    ]}\n  ]\n}";
        let wanted: HashSet<String> = [
            "floors",
            "floors[0].level",
            "floors[0].desks[1]",
            "floors[0].desks[1].zone",
            "nowhere",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let found = lines_of(text, &wanted);
        assert_eq!(found.get("floors"), Some(&2));
        assert_eq!(found.get("floors[0].level"), Some(&3));
        assert_eq!(found.get("floors[0].desks[1]"), Some(&6));
        assert_eq!(found.get("floors[0].desks[1].zone"), Some(&6));
        assert_eq!(found.get("nowhere"), None);
    }
}
