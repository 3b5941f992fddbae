using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class ConversationStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void New_conversation_speaks_English_and_has_no_form()
    {
        Assert.Equal("en", ConversationState.New.Language);
        Assert.Null(ConversationState.New.ActiveForm);
        Assert.Equal(0, ConversationState.New.TurnCount);
    }

    [Fact]
    public void New_state_round_trips_through_json()
    {
        Assert.Equal(ConversationState.New, ConversationState.FromJson(ConversationState.New.ToJson()));
    }

    [Fact]
    public void State_with_an_active_order_form_round_trips_through_json()
    {
        var state = ConversationState.New with
        {
            Language = "id",
            TurnCount = 4,
            ActiveForm = new OrderStatusFormState { LastActivityAt = Now, FailedAttempts = 2 },
        };

        var read = ConversationState.FromJson(state.ToJson());

        Assert.Equal(state, read);
        Assert.IsType<OrderStatusFormState>(read.ActiveForm);
    }

    [Fact]
    public void Json_names_the_form_kind_so_more_forms_can_be_added()
    {
        var state = ConversationState.New with { ActiveForm = new OrderStatusFormState { LastActivityAt = Now } };

        Assert.Contains("\"form\":\"order.status\"", state.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Form_kind_is_found_even_when_the_store_reordered_the_keys()
    {
        // PostgreSQL jsonb does not keep key order.
        const string json = """{"activeForm":{"failedAttempts":1,"lastActivityAt":"2026-12-01T09:00:00+07:00","form":"order.status"},"language":"id","turnCount":2}""";

        var state = ConversationState.FromJson(json);

        Assert.Equal(new OrderStatusFormState { LastActivityAt = Now, FailedAttempts = 1 }, state.ActiveForm);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        const string json = """{"language":"id","turnCount":1,"addedByANewerVersion":{"x":1},"alsoNew":[1,2]}""";

        var state = ConversationState.FromJson(json);

        Assert.Equal(ConversationState.New with { Language = "id", TurnCount = 1 }, state);
    }

    [Fact]
    public void Missing_fields_take_their_defaults()
    {
        Assert.Equal(ConversationState.New, ConversationState.FromJson("{}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("""{"language":null}""")]
    [InlineData("""{"language":"fr"}""")]
    [InlineData("""{"turnCount":"many"}""")]
    [InlineData("""{"activeForm":{"form":"survey.unknown","lastActivityAt":"2026-12-01T09:00:00+07:00"}}""")]
    [InlineData("""{"activeForm":{"failedAttempts":1}}""")]
    public void Corrupt_or_unknown_json_throws_a_format_exception_the_host_can_handle(string json)
    {
        var exception = Assert.Throws<ConversationStateFormatException>(() => ConversationState.FromJson(json));
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }
}
