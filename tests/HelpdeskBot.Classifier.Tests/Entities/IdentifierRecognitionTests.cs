using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class IdentifierRecognitionTests
{
    [Theory]
    [InlineData("ORD-100123", "ORD-100123", "ORD-100123")]
    [InlineData("where is ord100123?", "ORD-100123", "ord100123")]
    [InlineData("status of #100123 please", "ORD-100123", "#100123")]
    [InlineData("order 100123", "ORD-100123", "order 100123")]
    [InlineData("Order no. 100123 hasn't arrived", "ORD-100123", "Order no. 100123")]
    [InlineData("pesanan 100123 belum sampai", "ORD-100123", "pesanan 100123")]
    [InlineData("nomor pesanan ORD100123", "ORD-100123", "ORD100123")]
    [InlineData("pesanan saya 254310 kok belum sampai", "ORD-254310", "pesanan saya 254310")]
    public void Order_ids_in_english_and_indonesian_become_ORD_and_six_digits(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.OrderId);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("INV-2026-00001", "INV-2026-00001", "INV-2026-00001")]
    [InlineData("inv 2026 00001 belum dibayar", "INV-2026-00001", "inv 2026 00001")]
    [InlineData("is invoice 2026-00042 paid?", "INV-2026-00042", "invoice 2026-00042")]
    [InlineData("tolong kirim faktur INV202600042", "INV-2026-00042", "faktur INV202600042")]
    [InlineData("invoice no. 2026/00042", "INV-2026-00042", "invoice no. 2026/00042")]
    public void Invoice_ids_become_INV_year_and_five_digit_number(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.InvoiceId);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("IT-000001", "IT-000001", "IT-000001")]
    [InlineData("status it000123?", "IT-000123", "it000123")]
    [InlineData("IT 000123 still open", "IT-000123", "IT 000123")]
    [InlineData("my ticket IT-000123 is still open", "IT-000123", "ticket IT-000123")]
    [InlineData("ticket 000123", "IT-000123", "ticket 000123")]
    [InlineData("gimana tiket #123?", "IT-000123", "tiket #123")]
    [InlineData("status tiket saya 4567", "IT-004567", "tiket saya 4567")]
    public void Ticket_ids_need_the_IT_prefix_or_a_ticket_word_and_are_zero_padded_to_six_digits(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.TicketId);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("ORD-12345")]
    [InlineData("order 1001234")]
    [InlineData("order 099999")]
    [InlineData("INV-2026-0001")]
    [InlineData("invoice 100123")]
    [InlineData("I did it 100000 times")]
    [InlineData("IT-12345")]
    [InlineData("beli tiket 2 orang")]
    [InlineData("ticket 000000")]
    [InlineData("edit-100123")]
    public void Numbers_without_the_right_prefix_cue_or_length_are_not_ids(string text)
    {
        var matches = Recognizers.Friday.Recognize(text);

        Assert.DoesNotContain(matches, m => m.Type is EntityTypes.OrderId or EntityTypes.InvoiceId or EntityTypes.TicketId);
    }

    [Fact]
    public void A_ticket_price_is_money_not_a_ticket_id()
    {
        var match = Assert.Single(Recognizers.Friday.Recognize("harga tiket 150 ribu"));

        Assert.Equal(EntityTypes.Money, match.Type);
        Assert.Equal("IDR 150000", match.Value);
    }

    [Fact]
    public void Several_ids_of_different_kinds_are_all_found_in_order()
    {
        var matches = Recognizers.Friday.Recognize("ORD-200200, INV-2026-00042 and IT-000777");

        Assert.Equal(
            [(EntityTypes.OrderId, "ORD-200200"), (EntityTypes.InvoiceId, "INV-2026-00042"), (EntityTypes.TicketId, "IT-000777")],
            matches.Select(m => (m.Type, m.Value)));
    }
}
