using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class OrderNumberRecognizerTests
{
    [Theory]
    [InlineData("ORD-100123", "ORD-100123")]
    [InlineData("where is ORD-100123?", "ORD-100123")]
    [InlineData("ord 100123 status", "ORD-100123")]
    [InlineData("ORD100123", "ORD-100123")]
    [InlineData("nomor pesanan ORD100123", "ORD-100123")]
    [InlineData("#100123", "ORD-100123")]
    [InlineData("status of #100123 please", "ORD-100123")]
    [InlineData("order 100123", "ORD-100123")]
    [InlineData("Order no. 100123 hasn't arrived", "ORD-100123")]
    [InlineData("order number 999999", "ORD-999999")]
    [InlineData("my order number is 254310", "ORD-254310")]
    [InlineData("order #100123", "ORD-100123")]
    [InlineData("pesanan 100123", "ORD-100123")]
    [InlineData("pesanan saya ORD-100123 sudah sampai mana?", "ORD-100123")]
    [InlineData("pesanan saya 100123 kok belum sampai", "ORD-100123")]
    [InlineData("no. pesanan: 450012", "ORD-450012")]
    [InlineData("cek order 100000 dong", "ORD-100000")]
    public void Finds_order_numbers_in_every_form_and_returns_them_canonical(string text, string expected)
    {
        Assert.Equal(expected, OrderNumberRecognizer.FindOrderNumber(text));
    }

    [Theory]
    [InlineData("invoice INV-2026-00001 is wrong")]
    [InlineData("INV-2026-00001")]
    [InlineData("my ticket IT-000001 is still open")]
    [InlineData("call me on 08123456789")]
    [InlineData("nomor hp saya 081234567890")]
    [InlineData("I paid Rp 100.000")]
    [InlineData("harganya Rp 150000")]
    [InlineData("total 100.000,50")]
    [InlineData("order 100.000")]
    [InlineData("order 099999")]
    [InlineData("order 1001234")]
    [InlineData("ORD-12345")]
    [InlineData("INV#100123")]
    [InlineData("where is my order")]
    [InlineData("123456")]
    [InlineData("")]
    public void Leaves_invoices_tickets_phones_amounts_and_bare_numbers_alone(string text)
    {
        Assert.Null(OrderNumberRecognizer.FindOrderNumber(text));
    }

    [Fact]
    public void Returns_the_first_order_number_when_there_are_several()
    {
        Assert.Equal("ORD-200200", OrderNumberRecognizer.FindOrderNumber("orders ORD-200200 and ORD-300300"));
    }
}
