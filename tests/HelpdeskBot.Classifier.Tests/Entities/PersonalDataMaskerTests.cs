using System.Diagnostics;
using System.Globalization;
using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

/// <summary>
/// The masker against the example file (English and Indonesian, positives and negatives), the business ids the bot
/// itself issues, the agent console's per-field view, and hostile input.
/// </summary>
public sealed class PersonalDataMaskerTests
{
    private static readonly PersonalDataMasker Masker = new(Recognizers.Friday);

    private const string ExamplesFile = "Entities/personal-data-examples.tsv";

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, ExamplesFile)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            Assert.True(columns.Length == 2, $"Expected text<TAB>masked text: {line}");
            data.Add(columns[0], columns[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_is_masked_as_the_file_says(string text, string expected) => Assert.Equal(expected, Masker.Mask(text));

    [Fact]
    public void The_example_file_has_at_least_a_hundred_examples_with_positives_and_negatives_in_both_languages()
    {
        var examples = Examples().Select(row => ((string)row[0], (string)row[1])).ToList();
        Assert.True(examples.Count >= 100, $"{examples.Count} examples");
        Assert.True(examples.Count(e => e.Item1 == e.Item2) >= 30, "negatives");
        Assert.True(examples.Count(e => e.Item1 != e.Item2) >= 50, "positives");
        foreach (var kind in Enum.GetNames<PersonalDataKind>())
        {
            Assert.True(examples.Count(e => e.Item2.Contains($"[{kind.ToLowerInvariant()}]", StringComparison.Ordinal)) >= 3, kind);
        }
    }

    /// <summary>Every id format the connectors and the bot issue, in sentences that also carry cue words for numbers.</summary>
    [Fact]
    public void No_order_invoice_ticket_or_other_business_id_is_ever_masked()
    {
        var random = new Random(11);
        string[] templates =
        [
            "where is my order {0}", "pesanan {0} belum sampai", "refund {0} ke rekening BCA saya", "invoice {0} paid by card",
            "status tiket {0}?", "my account shows {0} twice", "NIK saya sudah diverifikasi untuk {0}", "{0} — NPWP perusahaan sudah benar",
        ];
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var year = random.Next(2020, 2031);
            ids.Add("ORD-" + random.Next(100000, 1000000).ToString(CultureInfo.InvariantCulture));
            ids.Add("order " + random.Next(100000, 1000000).ToString(CultureInfo.InvariantCulture));
            ids.Add("#" + random.Next(100000, 1000000).ToString(CultureInfo.InvariantCulture));
            ids.Add($"INV-{year}-{random.Next(1, 100000):D5}");
            ids.Add($"INV{year}{random.Next(1, 100000):D5}");
            ids.Add($"invoice {year}-{random.Next(1, 100000):D5}");
            ids.Add($"IT-{random.Next(1, 1000000):D6}");
            ids.Add($"RET-{random.Next(1, 1000000):D6}");
            ids.Add($"LR-{random.Next(1, 1000000):D6}");
            ids.Add($"SR-{random.Next(1, 1000000):D6}");
            ids.Add($"CB-{random.Next(1, 1000000):D6}");
            ids.Add($"CUS-{random.Next(1, 10000):D4}");
            ids.Add($"EMP-{random.Next(1, 10000):D4}");
        }

        var masked = (from id in ids
                      from template in templates
                      let text = string.Format(CultureInfo.InvariantCulture, template, id)
                      where Masker.Find(text).Count > 0
                      select text).ToList();
        Assert.Empty(masked);
    }

    [Fact]
    public void A_card_number_is_masked_only_when_its_luhn_check_digit_is_right()
    {
        Assert.Equal("card [card]", Masker.Mask("card 4111111111111111"));
        for (var last = 2; last <= 9; last++)
        {
            var wrong = "card 411111111111111" + last.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(wrong, Masker.Mask(wrong));
        }
    }

    [Theory]
    [InlineData("3174015508900001", true)] // woman born 15-08-1990 in Jakarta Utara
    [InlineData("3174011508900001", true)] // man, same date
    [InlineData("3174013208900001", false)] // day 32
    [InlineData("3174017208900001", false)] // day 72 (a woman's day 32)
    [InlineData("3174011513900001", false)] // month 13
    [InlineData("2074011508900001", false)] // province 20 does not exist
    [InlineData("3174011508900000", false)] // serial 0000
    public void A_nik_without_a_cue_needs_a_plausible_structure(string nik, bool masked) =>
        Assert.Equal(masked ? "[nik]" : nik, Masker.Mask(nik));

    [Fact]
    public void The_agent_view_shows_each_kind_as_configured_and_never_a_password()
    {
        const string text = "email budi.santoso@example.co.id, hp 0812-3456-7890, card 4111 1111 1111 1111, NIK 3174015508900001, " +
            "rekening BCA 1234567890, my password is Hunter2!";
        var defaults = new PersonalDataView();
        Assert.Equal(
            "email b***@example.co.id, hp [phone …7890], card [card …1111], NIK [nik], rekening BCA [account], my password is [password]",
            Masker.Mask(text, defaults));

        var everything = new PersonalDataView
        {
            Email = DataExposure.Full, Phone = DataExposure.Full, Card = DataExposure.Partial,
            Nik = DataExposure.Last4, Npwp = DataExposure.Full, Account = DataExposure.Full,
        };
        Assert.Equal(
            "email budi.santoso@example.co.id, hp 0812-3456-7890, card [card 4111********1111], NIK [nik …0001], " +
            "rekening BCA 1234567890, my password is [password]",
            Masker.Mask(text, everything));

        Assert.Equal(
            "email [email], hp [phone], card [card], NIK [nik], rekening BCA [account], my password is [password]",
            Masker.Mask(text));
    }

    [Fact]
    public void Matches_point_at_the_values_themselves()
    {
        const string text = "NIK 3174015508900001 dan email siti@example.id";
        var found = Masker.Find(text);
        Assert.Equal([PersonalDataKind.Nik, PersonalDataKind.Email], found.Select(f => f.Kind));
        Assert.Equal("3174015508900001", text.Substring(found[0].Start, found[0].Length));
        Assert.Equal("siti@example.id", text.Substring(found[1].Start, found[1].Length));
    }

    [Theory]
    [InlineData(20_000, "1 ")]
    [InlineData(20_000, "1-")]
    [InlineData(50_000, "9")]
    [InlineData(10_000, "a@")]
    [InlineData(10_000, "password saya ")]
    [InlineData(10_000, "+6")]
    public void Hostile_input_is_answered_quickly(int repeat, string piece)
    {
        var text = string.Concat(Enumerable.Repeat(piece, repeat));
        var clock = Stopwatch.StartNew();
        var masked = Masker.Mask(text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed} for {text.Length} characters");
        Assert.NotNull(masked);
    }

    [Fact]
    public void Text_without_personal_data_comes_back_as_the_same_instance()
    {
        const string text = "where is my order ORD-100123?";
        Assert.Same(text, Masker.Mask(text));
    }

    [Theory]
    [InlineData("Turn on directline: intent order_status (0.93), language en", false)]
    [InlineData("where is my order ORD-100123?", false)]
    [InlineData("1a2b3c4d5e6f7g8h9i", false)]
    [InlineData("1234    5678", false)]
    [InlineData("12345678", true)]
    [InlineData("0812-3456-789", true)]
    [InlineData("(021) 555 1234", true)]
    [InlineData("+1 (415) (555) 0100", true)]
    [InlineData("INV-2026-00123", true)]
    public void A_long_digit_chain_is_eight_digits_with_at_most_three_marks_between_two(string text, bool expected) =>
        Assert.Equal(expected, PersonalDataMasker.HasLongDigitChain(text));

    /// <summary>
    /// The screen skips the recognisers for text without a long digit chain: it must never change what is found. The
    /// example file, the business ids and random numbers in the shapes the patterns read (phones with country codes,
    /// brackets and separators, cards, NIK, accounts) are found the same with and without it.
    /// </summary>
    [Fact]
    public void Screening_out_text_without_a_long_digit_chain_finds_exactly_what_every_pattern_finds()
    {
        var random = new Random(29);
        string[] before = ["", "+62 ", "+62", "(+62) ", "62", "0", "(0", "+1 (", "+44 ", "+", "#", "INV-", "Rp ", "NIK ", "rekening BCA ", "card ", "hp ", "tel: ", "a"];
        string[] gaps = ["", "", " ", "-", ".", ") ", " (", ")(", ") (", ")  (", "  ", ", ", "/", "x"];
        string[] after = ["", ".", " ok", "@mail.com", "x", ")", "-"];
        // The widest gaps the patterns allow, each with fewer than 8 digits on either side of it.
        var texts = Examples().Select(row => (string)row[0]).Concat(["+1 (415) (555) 0100", "call +44 (20) (7946) 0958", "(021) 555 123"]).ToList();
        for (var i = 0; i < 6_000; i++)
        {
            var number = new System.Text.StringBuilder(before[random.Next(before.Length)]);
            var groups = random.Next(1, 7);
            for (var g = 0; g < groups; g++)
            {
                if (g > 0)
                {
                    number.Append(gaps[random.Next(gaps.Length)]);
                }

                var length = random.Next(1, 6);
                for (var d = 0; d < length; d++)
                {
                    number.Append((char)('0' + random.Next(10)));
                }
            }

            number.Append(after[random.Next(after.Length)]);
            texts.Add(random.Next(3) == 0 ? number.ToString() : $"nomor saya {number} ya");
        }

        var differ = (from text in texts
                      let screened = Masker.Find(text, screen: true)
                      let full = Masker.Find(text, screen: false)
                      where !screened.SequenceEqual(full)
                      select $"{text}: {string.Join(", ", screened)} | {string.Join(", ", full)}").ToList();
        Assert.Empty(differ);
        // The random numbers include personal ones, so the comparison covers texts where something is found.
        Assert.True(texts.Count(t => Masker.Find(t, screen: false).Any(f => f.Kind == PersonalDataKind.Phone)) > 100);
    }
}
