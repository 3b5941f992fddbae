using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Entities;

public static class EntityRecognitionExtensions
{
    /// <summary>
    /// Binds <see cref="EntityOptions"/> from the "Entities" section, checks its time zone when the host starts, and
    /// registers <see cref="IEntityRecognizer"/> as a singleton (with <see cref="TimeProvider.System"/> unless the host
    /// registered a clock of its own).
    /// </summary>
    public static IServiceCollection AddEntityRecognition(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<EntityOptions>()
            .BindConfiguration(EntityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntityOptions>, EntityOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEntityRecognizer, EntityRecognizer>();
        services.TryAddSingleton<PersonalDataMasker>();
        return services;
    }
}
