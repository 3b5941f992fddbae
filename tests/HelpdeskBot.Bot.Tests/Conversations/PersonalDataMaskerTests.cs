using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Entities;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Conversations;

public sealed class PersonalDataMaskerTests
{
    private static readonly PersonalDataMasker Masker = new(new EntityRecognizer(
        TimeProvider.System, Options.Create(new EntityOptions())));

    [Theory]
    [InlineData("my email is budi.santoso@example.co.id", "my email is [email]")]
    [InlineData("call me on 0812-3456-7890", "call me on [phone]")]
    [InlineData("nomor saya +62 812 3456 7890 ya", "nomor saya [phone] ya")]
    [InlineData("card 4111 1111 1111 1111 please", "card [number] please")]
    [InlineData("NIK 3174012345678901", "NIK [number]")]
    [InlineData("hubungi (021) 5551234 atau budi@kantor.co.id", "hubungi [phone] atau [email]")]
    [InlineData("wa saya 6281234567890", "wa saya [phone]")]
    public void Personal_data_is_masked(string text, string expected) => Assert.Equal(expected, Masker.Mask(text));

    [Theory]
    [InlineData("where is my order ORD-100123")]
    [InlineData("invoice INV-2026-00001 and ticket IT-000001")]
    [InlineData("order 100123 please")]
    [InlineData("#100123")]
    [InlineData("total Rp 1.250.000")]
    public void Business_ids_and_amounts_are_kept(string text) => Assert.Equal(text, Masker.Mask(text));
}
