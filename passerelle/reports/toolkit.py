"""The toolkit's own figures (seed 000, Table 5): tests reproduce them, the demo shows them.

Table 5 is the monthly activity of the Refugee 613 group, March 2017 – February 2018. The
seed prints September's referrals as 199; every total shows it is 19.
"""

from datetime import date

TABLE_5_MONTHS = [date(2017 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(3, 15)]
TABLE_5 = {
    "request": [23, 32, 22, 14, 15, 23, 21, 24, 21, 22, 23, 39],
    "information": [10, 10, 13, 9, 7, 11, 12, 20, 13, 15, 11, 38],
    "referral": [27, 38, 18, 6, 8, 19, 19, 37, 14, 8, 16, 11],
    "other": [42, 39, 47, 39, 30, 35, 29, 58, 28, 29, 47, 35],
}
TABLE_5_TOTALS = [102, 119, 100, 68, 60, 88, 81, 139, 76, 74, 97, 123]
TABLE_5_ROW_TOTALS = {"request": 279, "information": 169, "referral": 221, "other": 458}
TABLE_5_GRAND_TOTAL = 1127
