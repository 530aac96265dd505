use super::*;

#[test]
fn bodies_come_back_as_written_from_any_thread() {
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill::new(dir.path()).unwrap();
    let taken: Vec<(String, Spilled)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let spill = Arc::clone(&spill);
                s.spawn(move || {
                    (0..50)
                        .map(|i| {
                            let html = format!("<p>thread {t}, page {i}: é ✓</p>").repeat(i);
                            let mut rendered = Rendered {
                                html: html.clone().into(),
                                text: format!("text {t} {i}"),
                                ..Rendered::default()
                            };
                            let spilled = spill.take(&mut rendered).unwrap();
                            assert!(rendered.html.is_empty() && rendered.text.is_empty());
                            (html, spilled)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    for (html, spilled) in &taken {
        assert_eq!(spilled.html().read().unwrap(), html.as_str());
        assert!(spilled.text().read().unwrap().starts_with("text "));
    }
    let json = serde_json::to_string(&taken[3].1.html()).unwrap();
    assert_eq!(json, serde_json::to_string(&taken[3].0).unwrap());
}

/// Readers on other threads read what a writer has just put, while the writer moves its
/// waiting bytes to the file: a read that began while the bytes waited and finished after
/// they were written must find them all the same.
#[test]
fn bodies_read_while_their_lane_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill::new(dir.path()).unwrap();
    let body = |i: usize| {
        (0..1000 + i % 5000)
            .map(|k| (i + k) as u8)
            .collect::<Vec<u8>>()
    };
    let latest = Mutex::new(None::<(usize, Span)>);
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    let Some((i, span)) = *latest.lock().unwrap() else {
                        continue;
                    };
                    let read = spill.read_stretch(span, 0, span.len);
                    assert_eq!(read.unwrap(), body(i), "body {i}");
                }
            });
        }
        for i in 0..40_000 {
            let span = spill.put_bytes(&body(i)).unwrap();
            *latest.lock().unwrap() = Some((i, span));
        }
        done.store(true, Ordering::Relaxed);
    });
}

/// A lane whose file cannot be written keeps the bodies it gave spans for, readable, and
/// not the one it failed to write, which its caller keeps in memory instead.
#[test]
fn a_failed_write_takes_back_only_the_body_it_failed_on() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("read-only");
    std::fs::write(&name, b"").unwrap();
    let lane = || Lane {
        file: File::open(&name).unwrap(),
        written: AtomicU64::new(0),
        waiting: Mutex::new(Vec::new()),
        freed: Mutex::default(),
    };
    let spill = Spill {
        lanes: (0..=rayon::current_num_threads()).map(|_| lane()).collect(),
    };
    let small = spill.put_bytes(b"kept").unwrap();
    assert!(spill.put_bytes(&vec![b'x'; GATHER]).is_err());
    let last = spill.lanes.last().unwrap();
    assert_eq!(last.waiting.lock().unwrap().as_slice(), b"kept");
    assert_eq!(spill.read_stretch(small, 0, small.len).unwrap(), b"kept");
}

/// Bodies of every size, from worker threads and others, read back whether they are in a
/// lane's file, still waiting, or partly both: several megabytes, so every lane writes.
#[test]
fn bodies_read_back_wherever_their_bytes_are() {
    use rayon::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill::new(dir.path()).unwrap();
    let body = |i: usize| {
        let len = match i % 7 {
            0 => GATHER * 2 + 123,
            1 => PAGE - 1,
            _ => i * 37 % 9000,
        };
        (0..len)
            .map(|k| b'a' + ((i + k) % 26) as u8)
            .collect::<Vec<u8>>()
    };
    let put = |i: usize| {
        let bytes = body(i);
        let span = spill.put_bytes(&bytes).unwrap();
        // Read at once, while it may still wait to be written.
        assert_eq!(spill.read_stretch(span, 0, span.len).unwrap(), bytes);
        (i, span)
    };
    let mut spans: Vec<(usize, Span)> = (0..300).into_par_iter().map(put).collect();
    spans.extend((300..340).map(put));
    assert!(
        spill
            .lanes
            .iter()
            .any(|l| l.written.load(Ordering::Relaxed) > 0)
    );
    for (i, span) in spans {
        let bytes = body(i);
        assert_eq!(
            spill.read_stretch(span, 0, span.len).unwrap(),
            bytes,
            "body {i}"
        );
        let (from, to) = (span.len / 3, span.len - span.len / 4);
        let part = spill.read_stretch(span, from, to).unwrap();
        assert_eq!(part, bytes[from as usize..to as usize], "body {i}");
    }
}

#[test]
fn freed_bodies_give_their_disk_back_and_the_rest_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill::new(dir.path()).unwrap();
    // Eight megabytes from one thread (one lane): every other body is kept.
    let spans: Vec<(usize, Span)> = (0..2048)
        .map(|i| (i, spill.put_bytes(&body_of(i)).unwrap()))
        .collect();
    let before = spill.allocated();
    assert!(before >= 7 << 20, "{before} bytes on disk");
    for (_, span) in spans.iter().filter(|(i, _)| i % 2 == 1) {
        spill.free(*span);
    }
    assert_eq!(spill.allocated(), before, "no region is wholly free yet");
    for (_, span) in spans.iter().filter(|(i, _)| i % 2 == 0 && *i < 1536) {
        spill.free(*span);
    }
    let after = spill.allocated();
    assert!(
        after <= before - (4 << 20),
        "{before} bytes before, {after} after"
    );
    for (i, span) in spans.iter().filter(|(i, _)| i % 2 == 0 && *i >= 1536) {
        assert_eq!(spill.get_bytes(*span).unwrap(), body_of(*i));
    }
}

/// A body of 4 KB, different for each `i`.
fn body_of(i: usize) -> Vec<u8> {
    (0..4096).map(|b| (b * 7 + i) as u8).collect()
}

#[test]
fn a_body_gives_its_disk_back_when_its_last_holder_lets_go() {
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill::new(dir.path()).unwrap();
    let bodies = eight_megabytes(&spill);
    let before = spill.allocated();
    let copies: Vec<Body> = bodies[..1024].to_vec();
    drop(bodies);
    let after = spill.allocated();
    assert!(
        after <= before - (3 << 20),
        "{before} bytes before, {after} after"
    );
    assert!(after >= 3 << 20, "the copies' bodies stay: {after} bytes");
    for (i, body) in copies.iter().enumerate() {
        assert_eq!(body.read().unwrap(), text_of(i));
    }
}

#[test]
fn a_released_body_gives_its_disk_back_while_still_held_and_reads_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill::new(dir.path()).unwrap();
    let bodies = eight_megabytes(&spill);
    let held: Vec<Body> = bodies.clone();
    let before = spill.allocated();
    bodies[1024..].iter().for_each(Body::release);
    let after = spill.allocated();
    assert!(
        after <= before - (3 << 20),
        "{before} bytes before, {after} after"
    );
    let e = held[2000].read().unwrap_err();
    assert!(e.to_string().contains("released"), "{e}");
    // Released twice (by another holder), and dropped: the span is freed once.
    held[2000].release();
    drop((bodies, held[1024..].to_vec()));
    for (i, body) in held[..1024].iter().enumerate() {
        assert_eq!(body.read().unwrap(), text_of(i));
    }
}

/// 2,048 bodies of 4 KB from one thread (one lane), each `text_of` its number.
fn eight_megabytes(spill: &Arc<Spill>) -> Vec<Body> {
    (0..2048)
        .map(|i| spill.put_body(&text_of(i)).unwrap())
        .collect()
}

fn text_of(i: usize) -> String {
    format!("{i:04}").repeat(1024)
}
