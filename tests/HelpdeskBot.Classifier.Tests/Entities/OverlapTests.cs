using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class OverlapTests
{
    [Theory]
    [InlineData("ord100123@shop.id", EntityTypes.Email)]
    [InlineData("budi.ORD-100123@example.com", EntityTypes.Email)]
    [InlineData("Rp 1.500.000", EntityTypes.Money)]
    [InlineData("Rp 081.234.567", EntityTypes.Money)]
    [InlineData("22/12/2026", EntityTypes.Date)]
    [InlineData("2026-12-22", EntityTypes.Date)]
    [InlineData("tiket #123456", EntityTypes.TicketId)]
    [InlineData("INV-2026-00042", EntityTypes.InvoiceId)]
    [InlineData("Friday next week", EntityTypes.Date)]
    [InlineData("Jumat besok", EntityTypes.Date)]
    [InlineData("2 minggu lalu", EntityTypes.Date)]
    [InlineData("22 Dec to 2 Jan", EntityTypes.DateRange)]
    [InlineData("harga tiket 150 ribu", EntityTypes.Money)]
    public void The_longest_most_specific_reading_is_the_only_match(string text, string type)
    {
        var match = Assert.Single(Recognizers.Friday.Recognize(text));

        Assert.Equal(type, match.Type);
    }

    [Fact]
    public void Entities_of_every_kind_in_one_message_come_back_in_order_of_position()
    {
        const string text = "Halo, pesanan 100123 (Rp 1.500.000) belum sampai, tolong kirim besok ke budi@example.com atau 0812-3456-7890";

        var matches = Recognizers.Friday.Recognize(text);

        Recognizers.AssertWellFormed(text, matches);
        Assert.Equal(
            [
                (EntityTypes.OrderId, "ORD-100123", "pesanan 100123"),
                (EntityTypes.Money, "IDR 1500000", "Rp 1.500.000"),
                (EntityTypes.Date, "2026-11-28", "besok"),
                (EntityTypes.Email, "budi@example.com", "budi@example.com"),
                (EntityTypes.Phone, "+6281234567890", "0812-3456-7890"),
            ],
            matches.Select(m => (m.Type, m.Value, m.Text)));
    }

    [Fact]
    public void An_english_message_with_an_amount_a_range_and_an_invoice_keeps_them_apart()
    {
        const string text = "I paid $20.50 for INV-2026-00042, I'm away from 22 Dec to 2 Jan";

        var matches = Recognizers.Friday.Recognize(text);

        Recognizers.AssertWellFormed(text, matches);
        Assert.Equal(
            [
                (EntityTypes.Money, "USD 20.50"),
                (EntityTypes.InvoiceId, "INV-2026-00042"),
                (EntityTypes.DateRange, "2026-12-22/2027-01-02"),
            ],
            matches.Select(m => (m.Type, m.Value)));
    }
}
