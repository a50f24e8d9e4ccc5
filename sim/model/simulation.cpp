#include "model/simulation.hpp"

#include <tbb/global_control.h>

#include <chrono>
#include <type_traits>

#include "agents/population_builder.hpp"
#include "core/daily_schedule.hpp"
#include "core/input_error.hpp"
#include "model/observer.hpp"
#include "model/run_summary.hpp"
#include "model/simulation_state.hpp"
#include "processes/administration.hpp"
#include "processes/calendar_policy.hpp"
#include "processes/care.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/demand.hpp"
#include "processes/health.hpp"
#include "processes/interns.hpp"
#include "processes/referrals.hpp"
#include "processes/reporting.hpp"
#include "processes/supervision.hpp"
#include "processes/supply.hpp"
#include "processes/travel_times.hpp"
#include "processes/violence.hpp"

namespace pasante {

namespace {

// The world, with errors about a scenario key (a municipality missing from a
// data file, say) placed where that key was written.
World located_world(const Scenario& sc) {
  try {
    return build_world_for(sc.parameters);
  } catch (const InputError& e) {
    if (!e.where().file.empty() || e.where().key.empty()) throw;
    throw InputError(sc.where_set(e.where().key), e.problem());
  }
}

}  // namespace

struct Simulation::Impl {
  Scenario scenario;
  SimulationOptions options;
  // Lets the run's arena use as many threads as asked, even beyond the cores.
  tbb::global_control parallelism;
  std::vector<PhaseTiming> setup;  // seconds per setup step (before `state`: filled while it is built)
  SimulationState state;
  DailySchedule schedule;
  Observer observer;
  bool finished = false;

  Impl(const Scenario& sc, SimulationOptions opt)
      : scenario(sc),
        options(std::move(opt)),
        parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(std::max(1, options.threads))),
        state(sc.parameters,
              timed("world", [&] { return located_world(sc); }),
              std::max(1, options.threads)),
        observer((initialise(), state)) {  // the state is initialised before the observer reads it
    describe_day();
  }

  void initialise() {
    SimulationState& s = state;
    s.clinics.resize(s.world.clinics.size());
    s.locality_curfew_until.assign(s.world.localities.size(), -1);
    for (ClinicId c = 0; c < s.clinics.size(); ++c) {
      const int k = static_cast<int>(s.world.clinics[c].category);
      s.clinics[c].staff_physician =
          s.stream(StreamId::staffing, c, 0).bernoulli(s.params.care.staff_physician_probability[k]);
      s.clinics[c].inflation_propensity = s.params.reporting.inflation_propensity;
    }
    supervision::initialise(s);
    timed("population", [&] { build_population(s); });
    timed("violence kernel", [&] { violence::initialise(s); });
    timed("administration and supply", [&] {
      administration::initialise(s);
      supply::initialise(s);
    });
    timed("travel times", [&] { travel_times::initialise(s); });
    timed("clinic routes", [&] { clinic_routes::initialise(s); });
  }

  // Runs one setup step, recording its wall seconds in `setup`.
  template <class Step>
  std::invoke_result_t<Step> timed(const char* name, Step&& step) {
    const auto start = std::chrono::steady_clock::now();
    struct Record {
      std::vector<PhaseTiming>& setup;
      const char* name;
      std::chrono::steady_clock::time_point start;
      ~Record() { setup.push_back({name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}); }
    } record{setup, name, start};
    return step();
  }

  // The day, in MODEL.md §3's order. Each phase is one process module.
  void describe_day() {
    SimulationState& s = state;
    schedule.add("calendar_policy", "interventions, administration change, cohort start and assignment",
                 [this](SimDay d) { calendar_policy::run(state, scenario.interventions, d); });
    schedule.add("violence", "Hawkes events per municipality; closures, robberies, threats, trauma; routes the closures change",
                 [&s](SimDay d) {
                   violence::run(s, d);
                   travel_times::refresh(s, d);
                   clinic_routes::refresh(s, d);
                 });
    schedule.add("supply", "warehouse dispatch, shipments on the roads, deliveries, robbery, expiry",
                 [&s](SimDay d) { supply::run(s, d); });
    schedule.add("paperwork", "interns due at the jurisdiction set off for the day; their clinic is without them",
                 [&s](SimDay d) { interns::set_off_for_paperwork(s, d); });
    schedule.add("demand", "needs falling due today; the decision to seek care (per catchment, parallel)",
                 [&s](SimDay d) { demand::run(s, d); });
    schedule.add("care", "clinics serve their queues; refusals by reason (per catchment, parallel)",
                 [&s](SimDay d) { care::run(s, d); });
    schedule.add("referrals", "referrals merged in clinic order and served by the hospital",
                 [&s](SimDay d) { referrals::run(s, d); });
    schedule.add("health", "complications and deaths from untreated need (per catchment, parallel)",
                 [&s](SimDay d) { health::run(s, d); });
    schedule.add("interns", "stress, security, competence, harassment, trips, dropout, relocation, end of service",
                 [&s](SimDay d) { interns::run(s, d); });
    schedule.add("reporting", "weekly reports with inflation; monthly audits by the independent authority",
                 [&s](SimDay d) { reporting::run(s, d); });
    schedule.add("supervision", "planned visits happen or are cancelled by road danger; telemedicine",
                 [&s](SimDay d) { supervision::run(s, d); });
    schedule.add("observation", "counts merged in clinic order; timeseries rows each output period",
                 [this](SimDay d) { observer.observe(state, d); });
  }
};

Simulation::Simulation(const Scenario& scenario, SimulationOptions options)
    : impl_(std::make_unique<Impl>(scenario, std::move(options))) {}

Simulation::~Simulation() = default;

void Simulation::run() {
  const SimDay days = impl_->state.calendar.length();
  for (SimDay d = 0; d < days; ++d) {
    impl_->schedule.run_day(d);
    if (impl_->options.on_day_done) impl_->options.on_day_done(d + 1, days);
  }
  impl_->finished = true;
}

RunResults Simulation::results() const {
  RunResults r;
  r.summary = summarise(impl_->state, impl_->observer.totals());
  r.timeseries = impl_->observer.timeseries();
  r.interns = interns_table(impl_->state);
  r.violence_events = violence_events_table(impl_->state);
  r.map = run_map(impl_->state, impl_->observer.clinic_totals());
  return r;
}

std::vector<PhaseTiming> Simulation::phase_timings() const {
  std::vector<PhaseTiming> out;
  for (const auto& phase : impl_->schedule.phases()) out.push_back({phase.name, phase.seconds});
  return out;
}

std::vector<PhaseTiming> Simulation::setup_timings() const { return impl_->setup; }

std::string Simulation::schedule_plan() const { return impl_->schedule.plan(); }

void check_world(const Scenario& scenario) { (void)located_world(scenario); }

std::uint64_t Simulation::resident_count() const { return impl_->state.residents.size(); }

}  // namespace pasante
