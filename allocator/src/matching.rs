//! Maximum bipartite matching between requests (left) and desks (right): Hopcroft–Karp
//! started from any given matching, and a breadth-first shortest augmenting path from one
//! request (for repairs, where the shortest path moves the fewest people). Both are
//! iterative, so deep alternating paths cannot overflow the stack.

use std::collections::VecDeque;

use crate::index::NONE;

/// The left side's adjacency: for each left vertex, its right neighbours.
pub(crate) trait Adjacency {
    fn left_count(&self) -> usize;
    fn neighbours(&self, left: usize) -> &[u32];
}

/// Grows the matching given by `mate_l` / `mate_r` (NONE for unmatched) to a maximum one.
pub(crate) fn hopcroft_karp(g: &impl Adjacency, mate_l: &mut [u32], mate_r: &mut [u32]) {
    let n = g.left_count();
    let mut layer = vec![u32::MAX; n];
    let mut cursor = vec![0usize; n];
    let mut queue = VecDeque::new();
    let mut stack: Vec<usize> = Vec::new();
    loop {
        // Breadth-first layers from all free left vertices.
        queue.clear();
        for u in 0..n {
            if mate_l[u] == NONE {
                layer[u] = 0;
                queue.push_back(u);
            } else {
                layer[u] = u32::MAX;
            }
        }
        let mut found = false;
        while let Some(u) = queue.pop_front() {
            for &d in g.neighbours(u) {
                let v = mate_r[d as usize];
                if v == NONE {
                    found = true;
                } else if layer[v as usize] == u32::MAX {
                    layer[v as usize] = layer[u] + 1;
                    queue.push_back(v as usize);
                }
            }
        }
        if !found {
            return;
        }
        // Depth-first augmentation along the layers.
        cursor.iter_mut().for_each(|c| *c = 0);
        for root in 0..n {
            if mate_l[root] != NONE {
                continue;
            }
            stack.clear();
            stack.push(root);
            while let Some(&u) = stack.last() {
                let adj = g.neighbours(u);
                if cursor[u] >= adj.len() {
                    // Dead end: never visit again in this phase.
                    layer[u] = u32::MAX;
                    stack.pop();
                    continue;
                }
                let d = adj[cursor[u]];
                let v = mate_r[d as usize];
                if v == NONE {
                    // Augment along the stack: each vertex takes the desk at its cursor.
                    for &w in stack.iter() {
                        let dw = g.neighbours(w)[cursor[w]];
                        mate_l[w] = dw;
                        mate_r[dw as usize] = w as u32;
                    }
                    for &w in stack.iter() {
                        layer[w] = u32::MAX;
                    }
                    break;
                }
                if layer[v as usize] != u32::MAX
                    && layer[u] != u32::MAX
                    && layer[v as usize] == layer[u] + 1
                {
                    stack.push(v as usize);
                } else {
                    cursor[u] += 1;
                }
            }
        }
    }
}

/// Finds a shortest augmenting path from the free left vertex `start` and applies it.
/// Returns whether a path was found.
pub(crate) fn shortest_augment(
    g: &impl Adjacency,
    start: usize,
    mate_l: &mut [u32],
    mate_r: &mut [u32],
) -> bool {
    let n = g.left_count();
    // parent[v] = left vertex that reached left vertex v (through v's desk).
    let mut parent = vec![NONE; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    seen[start] = true;
    queue.push_back(start);
    while let Some(u) = queue.pop_front() {
        for &d in g.neighbours(u) {
            let v = mate_r[d as usize];
            if v == NONE {
                // Walk back: u takes d, its parent takes u's old desk, …
                let (mut u, mut d) = (u, d);
                loop {
                    let old = mate_l[u];
                    mate_l[u] = d;
                    mate_r[d as usize] = u as u32;
                    if u == start {
                        return true;
                    }
                    d = old;
                    u = parent[u] as usize;
                }
            }
            let vi = v as usize;
            if !seen[vi] {
                seen[vi] = true;
                parent[vi] = u as u32;
                queue.push_back(vi);
            }
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    struct G(Vec<Vec<u32>>);
    impl Adjacency for G {
        fn left_count(&self) -> usize {
            self.0.len()
        }
        fn neighbours(&self, left: usize) -> &[u32] {
            &self.0[left]
        }
    }

    #[test]
    fn hopcroft_karp_reroutes_a_greedy_choice_to_serve_everyone() {
        // 0 can use desks 0 and 1, 1 only desk 0: greedy 0→0 blocks 1.
        let g = G(vec![vec![0, 1], vec![0]]);
        let mut ml = vec![0, NONE];
        let mut mr = vec![0, NONE];
        hopcroft_karp(&g, &mut ml, &mut mr);
        assert_eq!(ml, vec![1, 0]);
        assert_eq!(mr, vec![1, 0]);
    }

    #[test]
    fn hopcroft_karp_leaves_the_surplus_unmatched() {
        let g = G(vec![vec![0], vec![0], vec![0, 1]]);
        let mut ml = vec![NONE; 3];
        let mut mr = vec![NONE; 2];
        hopcroft_karp(&g, &mut ml, &mut mr);
        assert_eq!(ml.iter().filter(|&&d| d != NONE).count(), 2);
        assert_eq!(ml[2], 1);
    }

    #[test]
    fn shortest_augment_moves_one_person_along_a_chain() {
        // 0 sits on desk 0 and could move to desk 1; 1 needs desk 0.
        let g = G(vec![vec![0, 1], vec![0]]);
        let mut ml = vec![0, NONE];
        let mut mr = vec![0, NONE];
        assert!(shortest_augment(&g, 1, &mut ml, &mut mr));
        assert_eq!(ml, vec![1, 0]);
        assert_eq!(mr, vec![1, 0]);
    }

    #[test]
    fn shortest_augment_reports_when_no_path_exists() {
        let g = G(vec![vec![0], vec![0]]);
        let mut ml = vec![0, NONE];
        let mut mr = vec![0];
        assert!(!shortest_augment(&g, 1, &mut ml, &mut mr));
        assert_eq!(ml, vec![0, NONE]);
    }
}
