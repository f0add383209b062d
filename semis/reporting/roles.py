from semis.accounts.enums import Role

# Who steers, each on their perimeter (semis.reporting.perimeters). Teachers and trainers act in classes
# and courses: their figures are their school's and their académie's, which the school's head and the
# académie's pilots steer.
STEERING_ROLES = frozenset(
    {
        Role.NATIONAL_ADMIN,
        Role.REGIONAL_COORDINATOR,
        Role.ACADEMIE_PILOT,
        Role.TERRITORIAL_LEAD,
        Role.SCHOOL_HEAD,
        Role.EVALUATOR,
        Role.PARTNER,
    }
)
