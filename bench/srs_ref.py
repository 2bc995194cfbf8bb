"""The reference scheduler (py-fsrs) replaying a review log in the form
`quire srs replay` reads, printing what it prints: for bench/srs-bench.sh.
Usage: python3 srs_ref.py LOG.csv"""
import csv
import sys
from datetime import datetime

from fsrs import Card, Rating, Scheduler


def main():
    scheduler = Scheduler(enable_fuzzing=False)
    cards = {}
    out = sys.stdout
    out.write("card_id,review_rating,review_time,state,step,stability,difficulty,due\n")
    with open(sys.argv[1], newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for card_id, rating, time, _duration in rows:
            when = datetime.fromisoformat(time)
            card, _ = scheduler.review_card(cards.get(card_id) or Card(card_id=int(card_id)),
                                            Rating(int(rating)), when)
            cards[card_id] = card
            out.write("%s,%s,%s,%d,%s,%.10g,%.10g,%s\n" % (
                card_id, rating, when.isoformat(), card.state,
                "" if card.step is None else card.step,
                card.stability, card.difficulty, card.due.isoformat()))


main()
