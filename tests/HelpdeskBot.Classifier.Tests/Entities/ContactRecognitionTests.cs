using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class ContactRecognitionTests
{
    [Theory]
    [InlineData("mail me at Budi.Santoso@Example.CO.ID.", "budi.santoso@example.co.id", "Budi.Santoso@Example.CO.ID")]
    [InlineData("email saya: siti+helpdesk@mail.example.com", "siti+helpdesk@mail.example.com", "siti+helpdesk@mail.example.com")]
    [InlineData("ord100123@shop.id", "ord100123@shop.id", "ord100123@shop.id")]
    public void Email_addresses_are_lower_cased(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.Email);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("budi@localhost")]
    [InlineData("a..b@example.com")]
    [InlineData("@example.com")]
    [InlineData("budi@")]
    public void Things_that_only_look_like_addresses_are_not_emails(string text)
    {
        Assert.DoesNotContain(Recognizers.Friday.Recognize(text), m => m.Type == EntityTypes.Email);
    }

    [Theory]
    [InlineData("hubungi 0812-3456-7890 ya", "+6281234567890", "0812-3456-7890")]
    [InlineData("081234567890", "+6281234567890", "081234567890")]
    [InlineData("call +62 812 3456 7890", "+6281234567890", "+62 812 3456 7890")]
    [InlineData("wa 6281234567890", "+6281234567890", "6281234567890")]
    [InlineData("nomor saya 0812 345 678", "+62812345678", "0812 345 678")]
    [InlineData("kantor (021) 5551234", "+62215551234", "(021) 5551234")]
    [InlineData("telp 021-5551234", "+62215551234", "021-5551234")]
    [InlineData("phone +62 21 5551234", "+62215551234", "+62 21 5551234")]
    [InlineData("(0274) 512345", "+62274512345", "(0274) 512345")]
    public void Indonesian_mobile_and_landline_numbers_become_E164(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.Phone);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("NIK saya 3174012345678901")]
    [InlineData("NIK 6271012345678901")]
    [InlineData("order 100123")]
    [InlineData("INV-2026-08123")]
    [InlineData("IT-000123")]
    [InlineData("#081234567")]
    [InlineData("Rp 1.500.000")]
    [InlineData("Rp 62.500.000")]
    [InlineData("22/12/2026")]
    [InlineData("2026-12-22")]
    [InlineData("buka jam 08.00-17.00")]
    [InlineData("0812345")]
    [InlineData("0,5 juta")]
    public void Ids_amounts_dates_and_NIK_numbers_are_not_phone_numbers(string text)
    {
        Assert.DoesNotContain(Recognizers.Friday.Recognize(text), m => m.Type == EntityTypes.Phone);
    }
}
