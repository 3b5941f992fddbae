namespace HelpdeskBot.Skills.Tests.Conversations;

/// <summary>
/// Conversations as transcripts: what the user says, then a fragment the bot's reply must contain. Each story runs
/// through the engine from a new conversation, in English and in Bahasa Indonesia.
/// </summary>
public sealed class TranscriptTests
{
    public sealed record Story(string Name, string? Locale, params (string User, string Bot)[] Turns);

    private static readonly Story[] Stories =
    [
        new("order number in the request is looked up at once (en)", null,
            ("where is my order ORD-100123", "Order ORD-100123 is on its way with JNE.")),
        new("order number in the request is looked up at once (id)", null,
            ("pesanan saya ORD-100123 sudah sampai mana?", "Pesanan ORD-100123 sedang dalam pengiriman dengan JNE.")),
        new("hash order number is understood (en)", null,
            ("where is #100123", "Order ORD-100123 is on its way with JNE.")),
        new("order followed by digits is understood (en)", null,
            ("order 100123", "Tracking number: JNE0012345678.")),
        new("pesanan followed by digits is understood (id)", null,
            ("cek pesanan 100123 dong", "Nomor resi: JNE0012345678.")),
        new("missing order number is asked for, then looked up (en)", null,
            ("where is my order", "what's your order number? It looks like ORD-100123."),
            ("ORD-100123", "Order ORD-100123 is on its way with JNE.")),
        new("missing order number is asked for, then looked up (id)", null,
            ("pesanan saya sudah sampai mana?", "boleh saya tahu nomor pesanan Anda?"),
            ("100123", "Pesanan ORD-100123 sedang dalam pengiriman dengan JNE.")),
        new("unknown order number gets a clear answer (en)", null,
            ("where is my order ORD-999999", "I couldn't find order ORD-999999. Please check the number — it looks like ORD-100123.")),
        new("unknown order number gets a clear answer (id)", null,
            ("pesanan saya ORD-999999 sudah sampai mana?", "Saya tidak menemukan pesanan ORD-999999. Mohon periksa kembali nomornya")),
        new("answers without an order number are reprompted, then the bot gives up (en)", null,
            ("where is my order", "what's your order number?"),
            ("I don't remember", "Sorry, I couldn't find an order number in that."),
            ("it was blue", "That still doesn't look like an order number."),
            ("no idea", "let's stop here for now"),
            ("hello", "Hi there!")),
        new("answers without an order number are reprompted, then the bot gives up (id)", null,
            ("lacak pesanan saya", "boleh saya tahu nomor pesanan Anda?"),
            ("saya lupa", "Maaf, saya tidak menemukan nomor pesanan di situ."),
            ("tidak tahu", "Itu masih belum terlihat seperti nomor pesanan."),
            ("apa ya", "jadi kita hentikan dulu ya")),
        new("never mind cancels the order form (en)", null,
            ("where is my order", "what's your order number?"),
            ("never mind", "OK, I've stopped there — nothing was changed."),
            ("ORD-100123", "Order ORD-100123 is on its way with JNE.")),
        new("batal cancels the order form (id)", null,
            ("lacak pesanan saya", "boleh saya tahu nomor pesanan Anda?"),
            ("batal", "Baik, saya hentikan — tidak ada yang diubah.")),
        new("gak jadi cancels the order form (id)", null,
            ("lacak pesanan saya", "boleh saya tahu nomor pesanan Anda?"),
            ("gak jadi", "Baik, saya hentikan — tidak ada yang diubah.")),
        new("gak jadi deh cancels the order form: chat particles don't hide the cancel (id)", null,
            ("lacak pesanan saya", "boleh saya tahu nomor pesanan Anda?"),
            ("gak jadi deh", "Baik, saya hentikan — tidak ada yang diubah.")),
        new("batal aja ya cancels the order form (id)", null,
            ("lacak pesanan saya", "boleh saya tahu nomor pesanan Anda?"),
            ("batal aja ya", "Baik, saya hentikan — tidak ada yang diubah.")),
        new("help inside the form explains and the form keeps waiting (en)", null,
            ("where is my order", "what's your order number?"),
            ("help", "I'm still waiting for your order number"),
            ("ORD-100123", "Order ORD-100123 is on its way with JNE.")),
        new("bantuan inside the form explains and the form keeps waiting (id)", null,
            ("lacak pesanan saya", "boleh saya tahu nomor pesanan Anda?"),
            ("bantuan", "Saya masih menunggu nomor pesanan Anda"),
            ("100123", "Pesanan ORD-100123 sedang dalam pengiriman")),
        new("cancel with nothing going on says so (en)", null,
            ("cancel", "There's nothing to cancel right now.")),
        new("batal with nothing going on says so (id)", null,
            ("batal", "Saat ini tidak ada yang perlu dibatalkan.")),
        new("greeting is answered (en)", null,
            ("hello", "Hi there! How can I help you today?")),
        new("greeting is answered (id)", null,
            ("halo", "Halo! Ada yang bisa saya bantu hari ini?")),
        new("help lists what the bot can do (en)", null,
            ("help", "Here's what I can help you with:\n• Track an order")),
        new("help lists what the bot can do (id)", null,
            ("bantuan", "Ini yang bisa saya bantu:\n• Lacak pesanan")),
        new("out of scope explains what the bot can do (en)", null,
            ("what's the weather tomorrow", "Sorry, I can't help with that yet. Here's what I can do:\n• Track an order")),
        new("out of scope explains what the bot can do (id)", null,
            ("bagaimana cuaca hari ini", "Maaf, saya belum bisa membantu untuk hal itu. Ini yang bisa saya bantu:\n• Lacak pesanan")),
        new("the track-an-order button starts the order form (id)", null,
            ("Lacak pesanan", "boleh saya tahu nomor pesanan Anda?")),
        new("a bare order number is looked up without being asked for (en)", null,
            ("ORD-100123", "Order ORD-100123 is on its way with JNE.")),
        new("a bare order number follows the client's locale on the first turn (id)", "id-ID",
            ("ORD-100123", "Pesanan ORD-100123 sedang dalam pengiriman dengan JNE.")),
        new("a processing order says it hasn't shipped (id)", null,
            ("pesanan saya ORD-100200 sudah sampai mana?", "Pesanan ORD-100200 sedang diproses dan belum dikirim.")),
        new("a delivered order gives the delivery date (id)", null,
            ("pesanan saya ORD-100300 sudah sampai mana?", "Pesanan ORD-100300 sudah diterima pada 8 Januari 2026.")),
        new("a cancelled order says so (en)", null,
            ("where is my order ORD-100400", "Order ORD-100400 has been cancelled.")),
        new("the conversation switches language when the user does", null,
            ("where is my order", "what's your order number?"),
            ("ORD-100123", "Order ORD-100123 is on its way with JNE."),
            ("pesanan saya ORD-100123 sudah sampai mana?", "Pesanan ORD-100123 sedang dalam pengiriman dengan JNE.")),
    ];

    public static TheoryData<string> StoryNames() => [.. Stories.Select(story => story.Name)];

    [Theory]
    [MemberData(nameof(StoryNames))]
    public async Task Story_replies_contain_the_expected_text(string name)
    {
        var story = Stories.Single(s => s.Name == name);
        var conversation = new TestConversation(story.Locale);

        for (var i = 0; i < story.Turns.Length; i++)
        {
            var (user, bot) = story.Turns[i];
            var result = await conversation.SayAsync(user);
            Assert.True(
                result.Text().Contains(bot, StringComparison.Ordinal),
                $"Turn {i + 1}: after \"{user}\" expected the bot to say \"{bot}\" but it said:\n{result.Text()}");
        }
    }

    [Fact]
    public void Story_names_are_unique()
    {
        Assert.Equal(Stories.Length, Stories.Select(s => s.Name).Distinct().Count());
    }
}
