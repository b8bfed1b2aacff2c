#!/usr/bin/env python3
"""Writes a synthetic WordPress export (WXR 1.2) for import benchmarks.

    bench/generate-wxr.py OUT.xml [--posts 10000] [--comments-per-post 10] [--body-bytes 2000] [--seed 1]

Posts spread over 20 authors, 50 categories (two levels), 500 tags; every post has --comments-per-post
comments, threaded (about a third are replies, up to 4 deep), with all statuses and a few pingbacks.
The 1 GB variant: --posts 100000 --body-bytes 9000 (about 1.1 GB). Deterministic for a given seed.
"""
import argparse, random, sys
from datetime import datetime, timedelta

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--posts", type=int, default=10000)
p.add_argument("--comments-per-post", type=int, default=10)
p.add_argument("--body-bytes", type=int, default=2000)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()
rnd = random.Random(a.seed)
WORDS = ("the city council river flood election minister budget report market school hospital police court "
         "weather harvest festival train port bridge museum library strike vote coast mountain").split()

def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"

def sentence(n):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."

def body(size):
    parts, total = [], 0
    while total < size:
        para = "<p>" + " ".join(sentence(rnd.randint(8, 20)) for _ in range(3)) + "</p>"
        if rnd.random() < 0.1:
            para = '<!-- wp:paragraph -->\n' + para + '\n<!-- /wp:paragraph -->'
        parts.append(para)
        total += len(para)
    return "\n\n".join(parts)

base = datetime(2015, 1, 1)
out = open(a.out, "w", encoding="utf-8", newline="\n")
w = out.write
w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
  '<title>Bench</title><link>https://bench.example.org</link><wp:wxr_version>1.2</wp:wxr_version>\n'
  '<wp:base_site_url>https://bench.example.org</wp:base_site_url><wp:base_blog_url>https://bench.example.org</wp:base_blog_url>\n')
for i in range(20):
    w(f'<wp:author><wp:author_id>{i+1}</wp:author_id><wp:author_login>{cdata(f"writer{i}")}</wp:author_login>'
      f'<wp:author_email>{cdata(f"writer{i}@bench.example.org")}</wp:author_email><wp:author_display_name>{cdata(f"Writer {i}")}</wp:author_display_name></wp:author>\n')
cats = []
for i in range(50):
    parent = f"section-{i % 10}" if i >= 10 else ""
    cats.append(f"section-{i}")
    w(f'<wp:category><wp:term_id>{i+1}</wp:term_id><wp:category_nicename>{cdata(f"section-{i}")}</wp:category_nicename>'
      f'<wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(f"Section {i}")}</wp:cat_name></wp:category>\n')
for i in range(500):
    w(f'<wp:tag><wp:term_id>{100+i}</wp:term_id><wp:tag_slug>{cdata(f"topic-{i}")}</wp:tag_slug><wp:tag_name>{cdata(f"Topic {i}")}</wp:tag_name></wp:tag>\n')
statuses = ["publish"] * 17 + ["draft", "pending", "trash"]
approved = ["1"] * 7 + ["0", "spam", "trash"]
cid = 0
for n in range(1, a.posts + 1):
    date = base + timedelta(hours=n * 3)
    d = date.strftime("%Y-%m-%d %H:%M:%S")
    slug = f"story-{n}"
    status = statuses[n % len(statuses)]
    w(f'<item><title>{cdata(sentence(6)[:-1] + f" {n}")}</title><link>https://bench.example.org/{date:%Y/%m/%d}/{slug}/</link>'
      f'<dc:creator>{cdata(f"writer{n % 20}")}</dc:creator><content:encoded>{cdata(body(a.body_bytes))}</content:encoded>'
      f'<excerpt:encoded>{cdata(sentence(12))}</excerpt:encoded><wp:post_id>{n}</wp:post_id><wp:post_date>{cdata(d)}</wp:post_date>'
      f'<wp:post_date_gmt>{cdata(d)}</wp:post_date_gmt><wp:comment_status>{cdata("open")}</wp:comment_status>'
      f'<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status><wp:post_type>{cdata("post")}</wp:post_type>'
      f'<wp:is_sticky>{1 if n % 1000 == 0 else 0}</wp:is_sticky>'
      f'<category domain="category" nicename="{rnd.choice(cats)}">{cdata("Section")}</category>')
    for t in rnd.sample(range(500), 3):
        w(f'<category domain="post_tag" nicename="topic-{t}">{cdata(f"Topic {t}")}</category>')
    if status == "trash":
        w(f'<wp:postmeta><wp:meta_key>{cdata("_wp_trash_meta_status")}</wp:meta_key><wp:meta_value>{cdata("publish")}</wp:meta_value></wp:postmeta>')
    ids = []
    for k in range(a.comments_per_post):
        cid += 1
        parent = rnd.choice(ids[-3:]) if ids and rnd.random() < 0.35 else 0
        cd = (date + timedelta(minutes=k * 7 + 1)).strftime("%Y-%m-%d %H:%M:%S")
        kind = "pingback" if k == 9 else "comment"
        w(f'<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>{cdata(f"Reader {cid % 997}")}</wp:comment_author>'
          f'<wp:comment_author_email>{cdata(f"reader{cid % 997}@mail.example.net")}</wp:comment_author_email>'
          f'<wp:comment_author_url>https://reader{cid % 997}.example.net/</wp:comment_author_url><wp:comment_author_IP>{cdata(f"198.51.100.{cid % 250}")}</wp:comment_author_IP>'
          f'<wp:comment_date>{cdata(cd)}</wp:comment_date><wp:comment_date_gmt>{cdata(cd)}</wp:comment_date_gmt>'
          f'<wp:comment_content>{cdata(sentence(rnd.randint(10, 40)))}</wp:comment_content><wp:comment_approved>{cdata(rnd.choice(approved))}</wp:comment_approved>'
          f'<wp:comment_type>{cdata(kind)}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>')
        ids.append(cid)
    w('</item>\n')
w('</channel>\n</rss>\n')
out.close()
print(f"{a.out}: {a.posts} posts, {cid} comments", file=sys.stderr)
