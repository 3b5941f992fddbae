using HelpdeskBot.Skills.Knowledge;

namespace HelpdeskBot.Skills.Tests.Knowledge;

public sealed class GroundedAnswerCheckTests
{
    private const string Returns = "You can return most items within 14 days of delivery. Refunds above Rp 5.000.000 need a manager's approval.";
    private const string ReturnsId = "Barang dapat dikembalikan dalam waktu 14 (empat belas) hari kerja sejak diterima. Biaya administrasi 10% dari harga.";
    private const string Holidays = "The office is closed from 24 December 2026 to 1 January 2027. Orders placed after 17.00 WIB ship the next working day.";
    private const string Shipping = "Standard delivery costs Rp 15.000. Orders from Rp 300.000 ship free within 3 working days.";

    [Theory]
    [InlineData("You can return most items within 14 days of delivery [1].", Returns)]
    [InlineData("Anda dapat mengembalikan barang dalam 14 hari setelah diterima [1].", Returns)]
    [InlineData("Refunds above Rp 5.000.000 need approval from a manager [1].", Returns)]
    [InlineData("Refunds above 5,000,000 rupiah need a manager's approval [1].", Returns)]
    [InlineData("Pengembalian dana di atas Rp 5 juta perlu persetujuan manajer [1].", Returns)]
    [InlineData("Refunds above IDR 5000000 need approval [1].", Returns)]
    [InlineData("Refunds over Rp 5 million need approval [1].", Returns)]
    [InlineData("You have a 14-day return window [1].", Returns)]
    [InlineData("Yes, you can return it if it is unused [1].", Returns)]
    [InlineData("Barang dapat dikembalikan dalam 14 hari kerja [1], dengan biaya administrasi 10 persen [1].", ReturnsId)]
    [InlineData("You can return items within 14 working days, with a 10 percent fee [1].", ReturnsId)]
    [InlineData("Items can be returned within fourteen working days [1].", ReturnsId)]
    [InlineData("Kantor tutup dari 24 Desember 2026 sampai 1 Januari 2027 [1].", Holidays)]
    [InlineData("The office closes on 2026-12-24 and reopens after 2027-01-01 [1].", Holidays)]
    [InlineData("The office is closed from December 24, 2026 [1].", Holidays)]
    [InlineData("The office is closed from 24/12/2026 [1].", Holidays)]
    [InlineData("The office closes on 24 December [1].", Holidays)]
    [InlineData("The office closes for the holidays in December 2026 [1].", Holidays)]
    [InlineData("The office closes at the end of 2026 [1].", Holidays)]
    [InlineData("Orders placed after 17:00 WIB ship the next working day [1].", Holidays)]
    [InlineData("Pesanan setelah pukul 17.00 WIB dikirim hari kerja berikutnya [1].", Holidays)]
    [InlineData("Pengiriman standar Rp15.000 [1].", Shipping)]
    [InlineData("Standard delivery is Rp 15,000, and orders from Rp 300,000 ship free in 3 working days [1].", Shipping)]
    public void An_answer_whose_figures_all_appear_in_the_cited_passage_passes(string answer, string passage)
    {
        var verdict = GroundedAnswerCheck.Check(answer, [passage]);

        Assert.True(verdict.Passed, $"{verdict.Failure}: {verdict.Detail}");
        Assert.Equal([1], verdict.Cited);
    }

    [Theory]
    [InlineData("You can return most items within 30 days of delivery [1].", Returns, "30")]
    [InlineData("Anda punya waktu 30 hari untuk mengembalikan barang [1].", Returns, "30")]
    [InlineData("You can return most items within 14 weeks of delivery [1].", Returns, "14")]
    [InlineData("You get 14% back [1].", Returns, "14")]
    [InlineData("You can return items within two weeks [1].", Returns, "two")]
    [InlineData("Anda punya waktu dua minggu [1].", Returns, "dua")]
    [InlineData("Refunds above Rp 500.000 need approval [1].", Returns, "500.000")]
    [InlineData("Refunds above Rp 5 ribu need approval [1].", Returns, "5")]
    [InlineData("Pengembalian dana di atas Rp 50 juta perlu persetujuan [1].", Returns, "50")]
    [InlineData("Returns within 14 days, administration fee 10% [1].", ReturnsId, "14")]
    [InlineData("Biaya administrasi 15 persen [1].", ReturnsId, "15")]
    [InlineData("Kantor tutup mulai 24 Desember 2027 [1].", Holidays, "24 Desember 2027")]
    [InlineData("The office closes on 25 December 2026 [1].", Holidays, "25 December 2026")]
    [InlineData("The office closes on 2026-12-25 [1].", Holidays, "2026-12-25")]
    [InlineData("Orders placed after 18:00 ship the next working day [1].", Holidays, "18:00")]
    [InlineData("Standard delivery costs Rp 15.000 and express Rp 45.000 [1].", Shipping, "45.000")]
    [InlineData("Call 0800-123-456 for a free pickup [1].", Shipping, "0800")]
    public void An_answer_with_a_figure_no_cited_passage_states_is_refused(string answer, string passage, string fact)
    {
        var verdict = GroundedAnswerCheck.Check(answer, [passage]);

        Assert.Equal(GroundingFailure.UnsupportedFact, verdict.Failure);
        Assert.Equal(fact, verdict.Detail);
    }

    [Fact]
    public void A_figure_from_a_passage_the_answer_does_not_cite_is_refused()
    {
        var verdict = GroundedAnswerCheck.Check("Returns take 14 days and delivery costs Rp 15.000 [1].", [Returns, Shipping]);

        Assert.Equal(GroundingFailure.UnsupportedFact, verdict.Failure);
        Assert.Equal("15.000", verdict.Detail);
    }

    [Fact]
    public void An_answer_citing_two_passages_may_use_the_figures_of_both_and_lists_them_in_citation_order()
    {
        var verdict = GroundedAnswerCheck.Check("Delivery costs Rp 15.000 [2]; returns take 14 days [1].", [Returns, Shipping]);

        Assert.True(verdict.Passed, $"{verdict.Failure}: {verdict.Detail}");
        Assert.Equal([2, 1], verdict.Cited);
    }

    [Theory]
    [InlineData("Returns take 14 days [1, 2].")]
    [InlineData("Returns take 14 days [1][2].")]
    [InlineData("Returns take 14 days [Passage 1; Passage 2].")]
    public void Citations_may_be_grouped_or_repeated(string answer)
    {
        var verdict = GroundedAnswerCheck.Check(answer, [Returns, Shipping]);

        Assert.True(verdict.Passed, $"{verdict.Failure}: {verdict.Detail}");
        Assert.Equal([1, 2], verdict.Cited);
    }

    [Theory]
    [InlineData("You can return most items within 14 days of delivery.")]
    [InlineData("Barang dapat dikembalikan dalam 14 hari (lihat kebijakan pengembalian).")]
    [InlineData("I cannot find that in the policies.")]
    public void An_answer_that_cites_no_passage_is_refused(string answer)
    {
        Assert.Equal(GroundingFailure.NoCitation, GroundedAnswerCheck.Check(answer, [Returns]).Failure);
    }

    [Theory]
    [InlineData("Returns take 14 days [3].", "[3]")]
    [InlineData("Returns take 14 days [0].", "[0]")]
    [InlineData("Returns take 14 days [1][2][3].", "[3]")]
    public void An_answer_that_cites_a_passage_it_was_not_given_is_refused(string answer, string citation)
    {
        var verdict = GroundedAnswerCheck.Check(answer, [Returns, Shipping]);

        Assert.Equal(GroundingFailure.UnknownCitation, verdict.Failure);
        Assert.Equal(citation, verdict.Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("[1]")]
    [InlineData(" [1] . ")]
    public void An_empty_answer_is_refused(string? answer)
    {
        Assert.Equal(GroundingFailure.Empty, GroundedAnswerCheck.Check(answer, [Returns]).Failure);
    }

    [Fact]
    public void A_year_the_passage_does_not_give_is_not_added_to_its_date()
    {
        var verdict = GroundedAnswerCheck.Check("Closed on 24 December 2026 [1].", ["We are closed on 24 December every year."]);

        Assert.Equal(GroundingFailure.UnsupportedFact, verdict.Failure);
    }

    [Theory]
    [InlineData("14", new[] { "14" })]
    [InlineData("5.000", new[] { "5000", "5.0" })]
    [InlineData("5,000", new[] { "5000", "5.0" })]
    [InlineData("5.000.000", new[] { "5000000" })]
    [InlineData("5,000,000", new[] { "5000000" })]
    [InlineData("5.000.000,50", new[] { "5000000.50" })]
    [InlineData("5,000,000.50", new[] { "5000000.50" })]
    [InlineData("1,5", new[] { "1.5" })]
    [InlineData("2.5", new[] { "2.5" })]
    [InlineData("3.2.1", new string[0])]
    public void Written_numbers_carry_every_value_their_separators_can_mean(string written, string[] expected)
    {
        var values = PolicyFacts.Values(written);

        Assert.Equal(expected.Select(v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), values);
    }
}
